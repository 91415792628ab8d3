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
/// Other record types (none are requested) are skipped. This is the seam the unit tests drive with
/// synthetic ring bytes.
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
