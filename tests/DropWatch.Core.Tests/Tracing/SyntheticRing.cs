using System.Buffers.Binary;
using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

/// <summary>
/// Writes perf records into a byte ring the way the kernel does: at a free-running position, wrapping at the
/// end. Lets the tests put a record across the ring's end without a kernel.
/// </summary>
internal sealed class SyntheticRing
{
    public const uint Lost = 2;
    public const uint Sample = 9;

    public SyntheticRing(int size, ulong start = 0)
    {
        Bytes = new byte[size];
        Tail = start;
        Head = start;
    }

    public byte[] Bytes { get; }
    public ulong Tail { get; }
    public ulong Head { get; private set; }

    public SyntheticRing AppendRecord(uint type, ReadOnlySpan<byte> body, ushort misc = 0)
    {
        var record = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, type);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), misc);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), checked((ushort)record.Length));
        body.CopyTo(record.AsSpan(8));
        return AppendBytes(record);
    }

    public SyntheticRing AppendBytes(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
            Bytes[(int)((Head + (ulong)i) % (ulong)Bytes.Length)] = bytes[i];
        Head += (ulong)bytes.Length;
        return this;
    }

    /// <summary>A PERF_SAMPLE_TIME | PERF_SAMPLE_RAW sample; raw is padded so the record stays 8-byte aligned.</summary>
    public SyntheticRing AppendSample(ulong time, ReadOnlySpan<byte> raw)
    {
        int rawSize = raw.Length;
        while ((8 + 8 + 4 + rawSize) % 8 != 0)
            rawSize++;
        var body = new byte[8 + 4 + rawSize];
        BinaryPrimitives.WriteUInt64LittleEndian(body, time);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)rawSize);
        raw.CopyTo(body.AsSpan(12));
        return AppendRecord(Sample, body);
    }

    public SyntheticRing AppendLost(ulong id, ulong lost)
    {
        var body = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(body, id);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(8), lost);
        return AppendRecord(Lost, body);
    }

    /// <summary>The tracepoint's raw record for <paramref name="format"/>, with the given field values.</summary>
    public static byte[] KfreeSkbRaw(TracepointFormat format, ulong location, ushort protocol, uint reason)
    {
        int length = format.Fields.Max(f => f.Offset + f.Size);
        var raw = new byte[length];
        Write(raw, format.Location, location);
        Write(raw, format.Protocol, protocol);
        Write(raw, format.SkbAddr, 0xffff_8880_dead_beef);
        if (format.Reason is { } reasonField)
            Write(raw, reasonField, reason);
        return raw;
    }

    private static void Write(byte[] raw, TracepointField field, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        bytes.AsSpan(0, field.Size).CopyTo(raw.AsSpan(field.Offset));
    }
}
