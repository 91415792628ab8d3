namespace DropWatch.Core.Tracing;

/// <summary>One record from a perf ring: the <c>perf_event_header</c> type and misc, and the bytes after the
/// 8-byte header. <see cref="Body"/> points into the ring or into the reader's scratch buffer, so it is
/// valid only until the next read.</summary>
internal readonly ref struct PerfRecord
{
    public PerfRecord(uint type, ushort misc, ReadOnlySpan<byte> body)
    {
        Type = type;
        Misc = misc;
        Body = body;
    }

    public uint Type { get; }
    public ushort Misc { get; }
    public ReadOnlySpan<byte> Body { get; }
}
