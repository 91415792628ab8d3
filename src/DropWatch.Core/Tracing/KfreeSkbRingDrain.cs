using System.Runtime.InteropServices;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Interprets the records of one CPU's ring for an event opened with
/// <c>sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_RAW</c>:
/// <code>
/// PERF_RECORD_SAMPLE: { header; u64 time; u32 raw_size; u8 raw[raw_size]; }   // raw = tracepoint record
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
        int delivered = 0, malformed = 0;
        ulong lost = 0;
        while (reader.TryRead(out var record))
        {
            var body = record.Body;
            switch (record.Type)
            {
                case PERF_RECORD_SAMPLE:
                    if (TryDecodeSample(body, decoder, cpu, clockOffsetNs, out var drop))
                    {
                        sink.OnDrop(drop);
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
        long clockOffsetNs, out TracepointDrop drop)
    {
        drop = default;
        if (body.Length < 12)
            return false;
        ulong time = MemoryMarshal.Read<ulong>(body);
        uint rawSize = MemoryMarshal.Read<uint>(body[8..]);
        if (rawSize > (uint)(body.Length - 12))
            return false;
        return decoder.TryDecode(body.Slice(12, (int)rawSize), unchecked(time + (ulong)clockOffsetNs), cpu, out drop);
    }
}
