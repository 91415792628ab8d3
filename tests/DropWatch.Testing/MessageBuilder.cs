using System.Buffers.Binary;
using System.Text;

namespace DropWatch.Testing;

/// <summary>
/// Builds netlink messages the way the kernel lays them out, for the fake kernel and for
/// golden vectors. Little-endian (x86-64 host order).
/// </summary>
public sealed class MessageBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly Stack<int> _nests = new();

    public MessageBuilder(ushort type, ushort flags, uint sequence, uint portId)
    {
        U32(0); U16(type); U16(flags); U32(sequence); U32(portId);
    }

    /// <summary>Adds a genlmsghdr.</summary>
    public MessageBuilder Genl(byte command, byte version)
    {
        _bytes.Add(command); _bytes.Add(version); U16(0);
        return this;
    }

    public MessageBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) _bytes.Add(b);
        return this;
    }

    public MessageBuilder Attr(ushort type, ReadOnlySpan<byte> payload)
    {
        U16((ushort)(4 + payload.Length)); U16(type);
        Raw(payload);
        Pad();
        return this;
    }

    public MessageBuilder Flag(ushort type) => Attr(type, []);
    public MessageBuilder AttrU8(ushort type, byte v) => Attr(type, [v]);
    public MessageBuilder AttrU16(ushort type, ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return Attr(type, b); }
    public MessageBuilder AttrU32(ushort type, uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return Attr(type, b); }
    public MessageBuilder AttrU64(ushort type, ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return Attr(type, b); }
    public MessageBuilder AttrString(ushort type, string s) => Attr(type, Encoding.UTF8.GetBytes(s + "\0"));

    public MessageBuilder BeginNest(ushort type)
    {
        _nests.Push(_bytes.Count);
        U16(0); U16(type);
        return this;
    }

    public MessageBuilder EndNest()
    {
        int start = _nests.Pop();
        ushort length = (ushort)(_bytes.Count - start);
        _bytes[start] = (byte)length;
        _bytes[start + 1] = (byte)(length >> 8);
        return this;
    }

    public byte[] Build()
    {
        byte[] result = [.. _bytes];
        BinaryPrimitives.WriteUInt32LittleEndian(result, (uint)result.Length);
        return result;
    }

    private void U16(ushort v) { _bytes.Add((byte)v); _bytes.Add((byte)(v >> 8)); }
    private void U32(uint v) { for (int i = 0; i < 4; i++) _bytes.Add((byte)(v >> (8 * i))); }
    private void Pad() { while (_bytes.Count % 4 != 0) _bytes.Add(0); }

    /// <summary>Concatenates messages into one datagram (each already 4-byte aligned).</summary>
    public static byte[] Datagram(params byte[][] messages) => [.. messages.SelectMany(m => m)];
}
