using System.Runtime.InteropServices;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Turns the raw tracepoint record (the <c>PERF_SAMPLE_RAW</c> payload) into a <see cref="TracepointDrop"/>
/// using the offsets from the format file. Raw records are in host byte order.
/// </summary>
internal readonly struct KfreeSkbDecoder
{
    private readonly TracepointField _location;
    private readonly TracepointField _protocol;
    private readonly TracepointField _reason;
    private readonly bool _hasReason;

    /// <param name="sampleType">The event's <c>sample_type</c>: which fields precede the raw record (see <see cref="PerfSample"/>).</param>
    public KfreeSkbDecoder(TracepointFormat format, ulong sampleType = PerfSample.TimeAndRaw)
    {
        SampleType = sampleType;
        _location = format.Location;
        _protocol = format.Protocol;
        _hasReason = format.Reason.HasValue;
        _reason = format.Reason.GetValueOrDefault();
        MinimumLength = Math.Max(End(_location), Math.Max(End(_protocol), _hasReason ? End(_reason) : 0));
    }

    public ulong SampleType { get; }

    /// <summary>Raw records shorter than this cannot hold every field we read.</summary>
    public int MinimumLength { get; }

    public bool TryDecode(ReadOnlySpan<byte> raw, ulong timestampNs, int cpu, out TracepointDrop drop)
    {
        if (raw.Length < MinimumLength)
        {
            drop = default;
            return false;
        }

        drop = new TracepointDrop(
            Location: ReadUnsigned(raw, _location),
            TimestampNs: timestampNs,
            Protocol: (ushort)ReadUnsigned(raw, _protocol),
            Reason: _hasReason ? (uint)ReadUnsigned(raw, _reason) : 0,
            Cpu: cpu);
        return true;
    }

    // TracepointFormat has already limited sizes to 1, 2, 4 or 8 bytes for the fields read here.
    private static ulong ReadUnsigned(ReadOnlySpan<byte> raw, TracepointField field)
    {
        var bytes = raw.Slice(field.Offset, field.Size);
        return field.Size switch
        {
            8 => MemoryMarshal.Read<ulong>(bytes),
            4 => MemoryMarshal.Read<uint>(bytes),
            2 => MemoryMarshal.Read<ushort>(bytes),
            _ => bytes[0],
        };
    }

    // Cannot overflow: the parser refuses any field that ends past a raw record (65,535 bytes).
    private static int End(TracepointField field) => field.Offset + field.Size;
}
