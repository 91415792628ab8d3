using System.Text;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Transport;

namespace DropWatch.Core.Tracing;

/// <summary>
/// The skb:kfree_skb tracepoint as a drop source, for kernels without NET_DM. Summary mode
/// aggregates drops per location over 1 s windows (as NET_DM's kernel side does); packet mode
/// reports the fields the tracepoint has — location, time, CPU, protocol, reason — and invents none.
/// Reason numbers become names with the running kernel's own table; symbols are left to the pipeline.
/// </summary>
public sealed class TracepointDropSource : IDropSource, ITraceRingSource, ITracepointSink, ITaskNameSink, IDropSummarySink, IKnownDropReasons
{
    /// <summary>
    /// Longest wait inside one receive. The rings wake a poll only at their watermark, so this is
    /// also the longest a lone drop waits in a ring before it is delivered.
    /// </summary>
    private const int PollSliceMs = 50;

    private readonly TracepointOptions _options;
    private readonly TracepointEvent _event;
    private KfreeSkbTracepoint? _tracepoint; // opened by the first Start: a session that never monitors opens nothing
    private readonly DropAggregator _aggregator;
    private readonly Dictionary<uint, byte[]> _reasonNames = [];
    private readonly ProcessNames _processNames = new();
    private IDropEventSink? _sink;
    private bool _enabled;
    private bool _drainPending;
    private ulong _lostBaseline;
    private ulong _malformedBaseline;
    private int _delivered;

    private TracepointDropSource(TracepointOptions options, TracepointEvent tracepointEvent)
    {
        _options = options;
        _event = tracepointEvent;
        _aggregator = new DropAggregator(this);
    }

    /// <summary>
    /// Reads the tracepoint's id and format now (that is what fails without the rights) and opens its perf
    /// events at the first <see cref="Start"/>: attaching and detaching the kernel's probe costs tens of ms,
    /// which a session that only looks at settings or exits should not pay. Throws
    /// <see cref="TracepointException"/> saying why and what to do.
    /// </summary>
    public static TracepointDropSource Open(TracepointOptions? options = null)
    {
        options ??= new TracepointOptions();
        return new(options, KfreeSkbTracepoint.ReadEvent(options));
    }

    public string Name => "tracepoint skb:kfree_skb";

    public Origins SupportedOrigins => Origins.Software;

    public AlertMode Mode { get; private set; } = AlertMode.Summary;

    public LossCounters Losses { get; } = new();

    public ulong RingLostEvents => _tracepoint?.LostEvents ?? 0;

    public IReadOnlyCollection<string>? DropReasonNames =>
        _event.Format.ReasonNames.Count > 0 ? [.. _event.Format.ReasonNames.Values] : null;

    public void SetAlertMode(AlertMode mode)
    {
        if (_enabled)
            throw new DropSourceException("cannot change the alert mode while monitoring; stop first");
        Mode = mode;
    }

    public void BeginSession()
    {
        Losses.Reset();
        _processNames.Clear();
        _lostBaseline = _tracepoint?.LostEvents ?? 0;
        _malformedBaseline = _tracepoint?.MalformedRecords ?? 0;
    }

    public void EndSession()
    {
        Losses.RingLostEvents = (long)((_tracepoint?.LostEvents ?? 0) - _lostBaseline);
        Losses.MalformedDatagrams = (long)((_tracepoint?.MalformedRecords ?? 0) - _malformedBaseline);
    }

    public void Start(Origins origins)
    {
        if ((origins & Origins.Hardware) != 0)
            throw new DropSourceException("hardware drops are reported only by the kernel's NET_DM drop monitor, not by the skb:kfree_skb tracepoint");
        _tracepoint ??= KfreeSkbTracepoint.Open(_options, _event);
        _tracepoint.Enable();
        _enabled = true;
        _drainPending = false;
    }

    /// <summary>Disables the tracepoint; the next receive hands over what is still in the rings and the open summary window.</summary>
    public void Stop(Origins origins)
    {
        _tracepoint?.Disable();
        _drainPending = _enabled;
        _enabled = false;
    }

    public ReceiveStatus ReceiveAlerts(IDropEventSink sink, int timeoutMs)
    {
        _sink = sink;
        _delivered = 0;
        if (!_enabled)
            return DrainAfterStop();
        int slice = timeoutMs < 0 ? PollSliceMs : Math.Min(timeoutMs, PollSliceMs);
        bool woken = _tracepoint!.Poll(this, slice) < 0;
        if (Mode == AlertMode.Summary)
            _aggregator.AdvanceToNow();
        if (_delivered > 0)
            return ReceiveStatus.Data;
        return woken ? ReceiveStatus.Woken : ReceiveStatus.TimedOut;
    }

    // Once after STOP: the rest of the rings and the window still open, then nothing.
    private ReceiveStatus DrainAfterStop()
    {
        if (!_drainPending)
            return ReceiveStatus.TimedOut;
        _drainPending = false;
        _tracepoint!.Drain(this);
        if (Mode == AlertMode.Summary)
            _aggregator.Flush();
        return _delivered > 0 ? ReceiveStatus.Data : ReceiveStatus.TimedOut;
    }

    public void Wake() => _tracepoint?.Wake();

    public void OnDrop(in TracepointDrop drop) => OnDrop(drop, default);

    public void OnDrop(in TracepointDrop drop, ReadOnlySpan<ulong> stack)
    {
        if (Mode == AlertMode.Summary)
        {
            _aggregator.OnDrop(drop);
            return;
        }
        _delivered++;
        var e = new DropEvent(DropKind.Packet)
        {
            HasOrigin = true,
            Origin = DropOrigin.Software,
            HasPc = true,
            Pc = drop.Location,
            HasTimestamp = true,
            TimestampNs = drop.TimestampNs,
            Cpu = drop.Cpu,
            HasProtocol = true,
            Protocol = drop.Protocol,
        };
        if (ReasonName(drop.Reason) is { } reason)
        {
            e.HasReason = true;
            e.Reason = reason;
        }
        if (drop.Pid >= 0)
        {
            e.HasProcess = true;
            e.Pid = drop.Pid;
            e.Tid = drop.Tid;
            e.Comm = _processNames.Get(drop.Pid, drop.Cpu, drop.TimestampNs);
        }
        if (!stack.IsEmpty)
        {
            e.HasStack = true;
            e.Stack = stack;
        }
        _sink?.OnDrop(e);
    }

    // Names matter only to packet alerts: summaries have no process, so in summary mode the drain does not
    // even walk the side-band records.
    public bool WantsNames => Mode == AlertMode.Packet;

    public void OnName(int pid, ReadOnlySpan<byte> name, ulong sinceNs) => _processNames.Learn(pid, name, sinceNs);

    public void OnFork(int pid, int parentPid, ulong atNs) => _processNames.Inherit(pid, parentPid, atNs);

    public void OnWindow(ReadOnlySpan<LocationCount> drops, ulong windowStartNs, ulong windowEndNs)
    {
        _delivered += drops.Length;
        foreach (LocationCount d in drops)
        {
            var e = new DropEvent(DropKind.SoftwareSummary)
            {
                HasOrigin = true,
                Origin = DropOrigin.Software,
                HasPc = true,
                Pc = d.Location,
                Count = d.Count,
                HasTimestamp = true,
                TimestampNs = windowEndNs,
            };
            _sink?.OnDrop(e);
        }
    }

    // Names come from this kernel's format file; cached as bytes so delivering allocates nothing.
    private byte[]? ReasonName(uint reason)
    {
        if (_reasonNames.TryGetValue(reason, out byte[]? cached))
            return cached;
        string? name = _event.Format.ReasonName(reason);
        byte[]? bytes = name is null ? null : Encoding.UTF8.GetBytes(name);
        if (bytes is not null)
            _reasonNames[reason] = bytes;
        return bytes;
    }

    public void Dispose() => _tracepoint?.Dispose();
}
