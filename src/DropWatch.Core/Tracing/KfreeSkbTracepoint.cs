using System.Diagnostics;
using System.Runtime.InteropServices;
using DropWatch.Core.Tracing.Native;
using DropWatch.Native;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Drop source for kernels without NET_DM: the <c>skb:kfree_skb</c> tracepoint, read through one
/// <c>perf_event_open</c> event and mmap'd ring per CPU. Unlike ftrace's trace buffer this is private to
/// this process: nothing in tracefs is changed, and the kernel removes everything when the descriptors
/// close, even if the process dies.
/// </summary>
/// <remarks>
/// Poll from one thread. <see cref="Dispose"/> may come from another (a Ctrl-C handler, say): it waits for a
/// drain in progress to finish before unmapping, and a <see cref="Poll"/> that is waiting then returns 0 when
/// its timeout expires. So use a finite timeout if another thread may stop the loop.
/// </remarks>
public sealed class KfreeSkbTracepoint : IDisposable
{
    private readonly PerfCpuRing[] _rings;
    private readonly LibC.PollFd[] _pollFds; // one per ring, then the waker
    private readonly EventWaker _waker = new();
    private readonly byte[] _scratch = new byte[PerfRingReader.MaxRecordSize];
    private readonly ulong[] _heads; // per ring, one snapshot per drain
    private readonly KfreeSkbDecoder _decoder;
    private readonly PerfEventFeatures _features;
    private readonly Lock _gate = new(); // keeps Dispose from unmapping a ring while it is being read
    private readonly bool _lostCounter;
    private ulong _lostFromRecords;
    private ulong _lostFromCounters;
    private volatile bool _disposed; // read without the lock only for the early check in Poll
    private int _polling; // polls waiting now; Dispose closes the waker only once none is

    private KfreeSkbTracepoint(TracepointFormat format, int tracepointId, string tracefsPath,
        PerfCpuRing[] rings, PerfEventFeatures features, ulong sampleType)
    {
        _features = features;
        _lostCounter = features.LostCounter;
        Format = format;
        TracepointId = tracepointId;
        TracefsPath = tracefsPath;
        _rings = rings;
        _heads = new ulong[rings.Length];
        _decoder = new KfreeSkbDecoder(format, sampleType);
        _pollFds = new LibC.PollFd[rings.Length + 1];
        for (int i = 0; i < rings.Length; i++)
            _pollFds[i] = new LibC.PollFd { Fd = rings[i].Fd, Events = LibC.POLLIN };
        _pollFds[rings.Length] = new LibC.PollFd { Fd = _waker.Fd, Events = LibC.POLLIN };
        Cpus = Array.ConvertAll(rings, ring => ring.Cpu);
    }

    /// <summary>Field layout and reason names of the running kernel.</summary>
    public TracepointFormat Format { get; }

    /// <summary>The id from <c>events/skb/kfree_skb/id</c>.</summary>
    public int TracepointId { get; }

    /// <summary>The tracefs root the format was read from (no longer mounted if dropwatch had mounted it).</summary>
    public string TracefsPath { get; }

    /// <summary>The CPUs being watched, one ring each.</summary>
    public IReadOnlyList<int> Cpus { get; }

    /// <summary>
    /// Events the kernel could not store because a ring was full, as of the last <see cref="Poll"/> or
    /// <see cref="Drain"/>. On Linux 6.0+ this is the kernel's exact per-event counter (PERF_FORMAT_LOST); on
    /// older kernels it is the sum of PERF_RECORD_LOST records, which the kernel writes only once the full ring
    /// has room again, so losses just before a stop may be missing.
    /// </summary>
    public ulong LostEvents => _lostCounter ? _lostFromCounters : _lostFromRecords;

    /// <summary>How sample times are taken: "CLOCK_REALTIME", or "CLOCK_MONOTONIC" / "local_clock" shifted
    /// to wall-clock time by an offset measured at each drain.</summary>
    public string TimestampClock => _features.ClockId switch
    {
        CLOCK_REALTIME => "CLOCK_REALTIME",
        CLOCK_MONOTONIC => "CLOCK_MONOTONIC",
        _ => "local_clock",
    };

    /// <summary>True when <see cref="LostEvents"/> comes from the kernel's exact counter (Linux 6.0+).</summary>
    public bool LostEventsExact => _lostCounter;

    /// <summary>Records that could not be decoded (should stay 0; non-zero means a layout mismatch).</summary>
    public ulong MalformedRecords { get; private set; }

    /// <summary>
    /// Finds tracefs (mounting it if needed), reads the event's id and format, unmounts what it mounted, and
    /// opens a disabled event on every CPU.
    /// </summary>
    public static KfreeSkbTracepoint Open(TracepointOptions options) => Open(options, ReadEvent(options));

    /// <summary>
    /// The tracefs part of <see cref="Open(TracepointOptions)"/>: finds tracefs (mounting it if needed), reads the
    /// event's id and format, unmounts what it mounted. Cheap, and it is what fails without the rights.
    /// </summary>
    public static TracepointEvent ReadEvent(TracepointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The perf events need only the id; a tracefs mounted to read it goes again at once.
        using Tracefs.Lease lease = Tracefs.Locate(options);
        (int id, TracepointFormat format) = Tracefs.ReadEvent(lease.Root);
        return new TracepointEvent(lease.Root, id, format);
    }

    /// <summary>Opens a disabled event on every CPU for an event already read with <see cref="ReadEvent"/>.</summary>
    public static KfreeSkbTracepoint Open(TracepointOptions options, TracepointEvent tracepointEvent)
    {
        ArgumentNullException.ThrowIfNull(options);
        int pages = options.RingPagesPerCpu;
        if (pages <= 0 || (pages & (pages - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"RingPagesPerCpu must be a power of two, not {pages}");

        (string tracefs, int id, TracepointFormat format) = tracepointEvent;
        var cpus = options.Cpus?.ToArray() ?? OnlineCpus.Read();
        if (cpus.Length == 0)
            throw new ArgumentException("at least one CPU must be watched", nameof(options));
        int ringBytes = checked(pages * Environment.SystemPageSize);
        uint watermark = (uint)Math.Clamp(options.WakeupWatermarkBytes ?? ringBytes / 4, 1, ringBytes);

        var rings = new List<PerfCpuRing>(cpus.Length);
        try
        {
            ulong sampleType = SampleTypeFor(options);
            var (features, first) = OpenFirst(id, watermark, cpus[0], pages, sampleType);
            rings.Add(first);
            var attr = CreateAttr(id, watermark, features, sampleType);
            foreach (int cpu in cpus.AsSpan(1))
                rings.Add(PerfCpuRing.Open(ref attr, cpu, pages));
            return new KfreeSkbTracepoint(format, id, tracefs, [.. rings], features, sampleType);
        }
        catch
        {
            foreach (var ring in rings)
                ring.Dispose();
            throw;
        }
    }

    /// <summary>Who (TID, CPU) is always sampled; the stack only on request, as it costs a walk per drop.</summary>
    internal static ulong SampleTypeFor(TracepointOptions options) =>
        PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW | (options.Callchain ? PERF_SAMPLE_CALLCHAIN : 0);

    private static (PerfEventFeatures, PerfCpuRing) OpenFirst(int id, uint watermark, int cpu, int pages, ulong sampleType)
    {
        var candidates = PerfEventFeatures.BestFirst;
        for (int i = 0; ; i++)
        {
            var attr = CreateAttr(id, watermark, candidates[i], sampleType);
            try
            {
                return (candidates[i], PerfCpuRing.Open(ref attr, cpu, pages));
            }
            catch (TracepointException e) when (e.Errno == Errno.EINVAL && i + 1 < candidates.Length)
            {
                // An older kernel rejecting a feature; try without it.
            }
        }
    }

    /// <summary>Starts counting on every CPU.</summary>
    public void Enable()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var ring in _rings)
                ring.Ioctl(PERF_EVENT_IOC_ENABLE, "enabling skb:kfree_skb");
        }
    }

    /// <summary>Stops counting on every CPU; events already in the rings can still be drained.</summary>
    public void Disable()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var ring in _rings)
                ring.Ioctl(PERF_EVENT_IOC_DISABLE, "disabling skb:kfree_skb");
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1: forever) for a ring to fill to the wake-up watermark, then
    /// drains every ring into <paramref name="sink"/>. Returns the number of drops delivered; 0 when the wait was
    /// interrupted by a signal (EINTR) or the source was disposed meanwhile; -1 when <see cref="Wake"/> ended it.
    /// </summary>
    public unsafe int Poll(ITracepointSink sink, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _polling);
        try
        {
            if (_disposed)
                return 0;
            if (!WaitForData(timeoutMs))
                return _disposed ? 0 : -1;
        }
        finally
        {
            Interlocked.Decrement(ref _polling);
        }
        lock (_gate)
            return _disposed ? 0 : DrainLocked(sink);
    }

    /// <summary>False when the waker ended the wait (a stop request, or Dispose).</summary>
    private unsafe bool WaitForData(int timeoutMs)
    {
        fixed (LibC.PollFd* fds = _pollFds)
        {
            for (int i = 0; i < _pollFds.Length; i++)
                fds[i].Revents = 0;
            if (LibC.Poll(fds, (nuint)_pollFds.Length, timeoutMs) < 0)
            {
                int errno = LibC.LastErrno;
                if (errno == Errno.EINTR)
                    return true;
                throw new TracepointException($"poll on perf rings failed: {Errno.Text(errno)}", errno);
            }
            if (fds[_pollFds.Length - 1].Revents != 0)
            {
                _waker.Consume();
                return false;
            }
        }
        return true;
    }

    /// <summary>Makes a waiting (or the next) <see cref="Poll"/> return -1 at once. Safe from any thread.</summary>
    public void Wake() => _waker.Wake();

    /// <summary>Delivers whatever is in the rings now, without waiting (e.g. after <see cref="Disable"/>).</summary>
    public int Drain(ITracepointSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return DrainLocked(sink);
        }
    }

    private int DrainLocked(ITracepointSink sink)
    {
        // Re-measured on every drain so that a step of the wall clock shows up in the next batch.
        long clockOffsetNs = _features.NeedsRealtimeOffset ? MonotonicToRealtimeOffsetNs() : 0;
        int delivered = 0;
        ulong counted = 0;
        Span<ulong> heads = _heads;
        for (int i = 0; i < _rings.Length; i++)
            heads[i] = _rings[i].ReadHead();
        // Names first, from every ring: an exec on one CPU must name a drop on another that follows it.
        if (sink is ITaskNameSink { WantsNames: true } names)
        {
            for (int i = 0; i < _rings.Length; i++)
                MalformedRecords += (ulong)_rings[i].LearnNames(heads[i], _scratch, _decoder.SampleType, clockOffsetNs, names);
        }
        for (int i = 0; i < _rings.Length; i++)
        {
            PerfCpuRing ring = _rings[i];
            var result = ring.Drain(heads[i], _scratch, _decoder, clockOffsetNs, sink);
            delivered += result.Delivered;
            _lostFromRecords += result.Lost;
            MalformedRecords += (ulong)result.Malformed;
            if (_lostCounter)
                counted += ring.ReadLostCounter();
        }
        if (_lostCounter)
            _lostFromCounters = counted;
        return delivered;
    }

    /// <summary>Closes every event and unmaps every ring. The kernel detaches the tracepoint probe itself.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var ring in _rings)
                ring.Dispose();
        }
        // A poll waiting on the rings returns at once; only then may the waker's descriptor go.
        _waker.Wake();
        SpinWait.SpinUntil(() => Volatile.Read(ref _polling) == 0, 1000);
        _waker.Dispose();
    }

    private static PerfEventAttr CreateAttr(int tracepointId, uint watermarkBytes, PerfEventFeatures features, ulong sampleType)
    {
        // Comm, CommExec, Task, SampleIdAll: the rings also carry every name change and fork, with
        // their time, so a short-lived or exec'd process is named as it was at its drop (ProcessNames).
        var flags = PerfAttrFlags.Disabled | PerfAttrFlags.Watermark | PerfAttrFlags.Comm | PerfAttrFlags.CommExec
            | PerfAttrFlags.Task | PerfAttrFlags.SampleIdAll;
        if ((sampleType & PERF_SAMPLE_CALLCHAIN) != 0)
            flags |= PerfAttrFlags.ExcludeCallchainUser;
        if (features.ClockId.HasValue)
            flags |= PerfAttrFlags.UseClockId;
        return new PerfEventAttr
        {
            Type = PERF_TYPE_TRACEPOINT,
            AttrSize = PerfEventAttr.Size,
            Config = (ulong)tracepointId,
            SamplePeriod = 1, // every hit, not a sample of them
            SampleType = sampleType,
            Flags = (ulong)flags,
            WakeupEventsOrWatermark = watermarkBytes,
            ReadFormat = features.LostCounter ? PERF_FORMAT_LOST : 0,
            ClockId = features.ClockId.GetValueOrDefault(),
        };
    }

    // Stopwatch reads CLOCK_MONOTONIC on Linux (in nanoseconds there, Frequency = 1e9).
    private static long MonotonicToRealtimeOffsetNs()
    {
        long monotonicNs = Stopwatch.Frequency == 1_000_000_000
            ? Stopwatch.GetTimestamp()
            : (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
        long realtimeNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        return realtimeNs - monotonicNs;
    }
}
