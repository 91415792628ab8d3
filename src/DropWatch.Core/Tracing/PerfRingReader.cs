using System.Runtime.InteropServices;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Walks the records between <c>data_tail</c> and <c>data_head</c> of a perf data ring.
/// <code>
/// struct perf_event_header { u32 type; u16 misc; u16 size; }   // size includes the header
/// </code>
/// Positions are free-running 64-bit byte counters; the ring length is a power of two, so the byte
/// offset is <c>position &amp; (length - 1)</c>. A record that runs past the end of the ring continues at
/// its start; such a record is copied into the scratch buffer so callers always see one contiguous span.
/// This type only reads memory: publishing the new tail to the kernel is the caller's job.
/// </summary>
internal ref struct PerfRingReader
{
    public const int HeaderSize = 8;

    /// <summary>perf_event_header.size is a u16, so no record is longer than this.</summary>
    public const int MaxRecordSize = ushort.MaxValue;

    private readonly ReadOnlySpan<byte> _ring;
    private readonly Span<byte> _scratch;
    private readonly ulong _head;
    private readonly ulong _mask;
    private ulong _tail;

    public PerfRingReader(ReadOnlySpan<byte> ring, ulong tail, ulong head, Span<byte> scratch)
    {
        if (ring.Length == 0 || (ring.Length & (ring.Length - 1)) != 0)
            throw new ArgumentException("ring length must be a power of two", nameof(ring));
        if (scratch.Length < MaxRecordSize)
            throw new ArgumentException($"scratch must hold {MaxRecordSize} bytes", nameof(scratch));
        _ring = ring;
        _scratch = scratch;
        _head = head;
        _mask = (ulong)ring.Length - 1;
        _tail = tail;
        // The kernel never lets head run more than a ring ahead of tail; if it seems to, the
        // positions are garbage and nothing between them can be trusted.
        if (head - tail > (ulong)ring.Length)
            Skip();
    }

    /// <summary>The position after the last record read: the value to publish as <c>data_tail</c>.</summary>
    public readonly ulong Tail => _tail;

    /// <summary>True when a record header was impossible and the rest of the range was skipped.</summary>
    public bool Corrupt { get; private set; }

    public bool TryRead(out PerfRecord record)
    {
        record = default;
        ulong available = _head - _tail;
        if (available == 0)
            return false;
        if (available < HeaderSize)
            return Skip();

        int offset = (int)(_tail & _mask);
        // Records are 8-byte aligned in a ring whose length is a multiple of 8, so in practice a header
        // never wraps; the copy only guards against a misaligned position.
        ulong header;
        if (offset + HeaderSize <= _ring.Length)
        {
            header = MemoryMarshal.Read<ulong>(_ring.Slice(offset));
        }
        else
        {
            Span<byte> bytes = stackalloc byte[HeaderSize];
            Copy(_tail, bytes);
            header = MemoryMarshal.Read<ulong>(bytes);
        }
        // Host order (little-endian on every supported architecture): type, then misc, then size.
        uint type = (uint)header;
        ushort misc = (ushort)(header >> 32);
        ushort size = (ushort)(header >> 48);
        if (size < HeaderSize || size > available)
            return Skip();

        ReadOnlySpan<byte> whole;
        if (offset + size <= _ring.Length)
        {
            whole = _ring.Slice(offset, size);
        }
        else
        {
            Copy(_tail, _scratch[..size]);
            whole = _scratch[..size];
        }

        _tail += size;
        record = new PerfRecord(type, misc, whole[HeaderSize..]);
        return true;
    }

    private readonly void Copy(ulong position, Span<byte> destination)
    {
        int offset = (int)(position & _mask);
        int first = Math.Min(destination.Length, _ring.Length - offset);
        _ring.Slice(offset, first).CopyTo(destination);
        _ring[..(destination.Length - first)].CopyTo(destination[first..]);
    }

    private bool Skip()
    {
        Corrupt = true;
        _tail = _head;
        return false;
    }
}
