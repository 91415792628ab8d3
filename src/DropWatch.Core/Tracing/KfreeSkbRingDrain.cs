using System.Runtime.InteropServices;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Interprets the records of one CPU's ring for an event opened with the decoder's <c>sample_type</c>
/// (<see cref="PerfSample"/> reads the sample body):
/// <code>
/// PERF_RECORD_SAMPLE: { header; [u32 pid, tid;] u64 time; [u32 cpu, res;] [u64 nr, ips[nr];] u32 raw_size; u8 raw[raw_size]; }
/// PERF_RECORD_LOST:   { header; u64 id; u64 lost; }
/// </code>
/// Side-band records (COMM, FORK: <see cref="PerfSideBand"/>) are read by <see cref="LearnNames"/>
/// before the drain, over every ring, so that a name is known before any drop that follows it in time
/// — also a drop on another CPU's ring. <see cref="Drain"/> skips them, as every other type. This is
/// the seam the unit tests drive with synthetic ring bytes.
/// </summary>
internal static class KfreeSkbRingDrain
{
    public readonly record struct Result(ulong Tail, int Delivered, ulong Lost, int Malformed);

    /// <param name="clockOffsetNs">Added to every sample time (0 when the kernel already stamps CLOCK_REALTIME).</param>
    public static Result Drain(ReadOnlySpan<byte> ring, ulong tail, ulong head, Span<byte> scratch,
        in KfreeSkbDecoder decoder, int cpu, long clockOffsetNs, ITracepointSink sink)
    {
        var reader = new PerfRingReader(ring, tail, head, scratch);
        Span<ulong> frames = stackalloc ulong[PerfSample.MaxFrames];
        int delivered = 0, malformed = 0;
        ulong lost = 0;
        while (reader.TryRead(out var record))
        {
            var body = record.Body;
            switch (record.Type)
            {
                case PERF_RECORD_SAMPLE:
                    if (TryDecodeSample(body, decoder, cpu, clockOffsetNs, frames, out var drop, out var stack))
                    {
                        sink.OnDrop(drop, stack);
                        delivered++;
                    }
                    else
                    {
                        malformed++;
                    }
                    break;
                case PERF_RECORD_LOST:
                    if (body.Length >= 16)
                        lost += MemoryMarshal.Read<ulong>(body[8..]);
                    else
                        malformed++;
                    break;
            }
        }

        if (reader.Corrupt)
            malformed++;
        return new Result(reader.Tail, delivered, lost, malformed);
    }

    /// <summary>
    /// Reads the COMM and FORK records between <paramref name="tail"/> and <paramref name="head"/>
    /// without consuming anything, and tells <paramref name="names"/>: a process's new name (exec,
    /// or a rename of its main thread; a thread's own name is not the process's) and a new process's
    /// parent (a new thread is the same process). Returns the records that could not be read.
    /// </summary>
    public static int LearnNames(ReadOnlySpan<byte> ring, ulong tail, ulong head, Span<byte> scratch,
        ulong sampleType, long clockOffsetNs, ITaskNameSink names)
    {
        var reader = new PerfRingReader(ring, tail, head, scratch);
        int malformed = 0;
        while (reader.TryRead(out var record))
        {
            switch (record.Type)
            {
                case PERF_RECORD_COMM:
                    if (!PerfSideBand.TryParseComm(record.Body, sampleType, out int pid, out int tid, out var name, out ulong time))
                        malformed++;
                    else if (pid == tid && pid > 0)
                        names.OnName(pid, name, At(time, clockOffsetNs));
                    break;
                case PERF_RECORD_FORK:
                    if (!PerfSideBand.TryParseFork(record.Body, sampleType, out int child, out int parent, out int childTid, out ulong forkTime))
                        malformed++;
                    else if (child == childTid && child != parent && child > 0)
                        names.OnFork(child, parent, At(forkTime, clockOffsetNs));
                    break;
            }
        }
        return malformed;
    }

    // 0 means "no time" (no PERF_SAMPLE_TIME): such a name holds from the start.
    private static ulong At(ulong time, long clockOffsetNs) => time == 0 ? 0 : unchecked(time + (ulong)clockOffsetNs);

    private static bool TryDecodeSample(ReadOnlySpan<byte> body, in KfreeSkbDecoder decoder, int cpu,
        long clockOffsetNs, Span<ulong> frames, out TracepointDrop drop, out ReadOnlySpan<ulong> stack)
    {
        drop = default;
        stack = default;
        if (!PerfSample.TryParse(body, decoder.SampleType, frames, out PerfSample sample))
            return false;
        // PERF_SAMPLE_CPU is the CPU that ran the probe; for per-CPU events it is the ring's own.
        if (!decoder.TryDecode(sample.Raw, unchecked(sample.Time + (ulong)clockOffsetNs), sample.HasCpu ? sample.Cpu : cpu, out drop))
            return false;
        if (sample.HasTid)
            drop = drop with { Pid = sample.Pid, Tid = sample.Tid };
        stack = sample.Stack;
        return true;
    }
}
