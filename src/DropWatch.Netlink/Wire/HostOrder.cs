using System.Buffers.Binary;

namespace DropWatch.Netlink.Wire;

/// <summary>
/// Netlink headers and attributes are in the host's byte order. Every multi-byte read and write
/// of wire data goes through here, so the one decision lives in one place.
/// </summary>
public static class HostOrder
{
    public static ushort U16(ReadOnlySpan<byte> s) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

    public static uint U32(ReadOnlySpan<byte> s) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);

    public static ulong U64(ReadOnlySpan<byte> s) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt64BigEndian(s);

    public static void Write(Span<byte> s, ushort v)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteUInt16LittleEndian(s, v);
        else BinaryPrimitives.WriteUInt16BigEndian(s, v);
    }

    public static void Write(Span<byte> s, uint v)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteUInt32LittleEndian(s, v);
        else BinaryPrimitives.WriteUInt32BigEndian(s, v);
    }

    public static void Write(Span<byte> s, ulong v)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteUInt64LittleEndian(s, v);
        else BinaryPrimitives.WriteUInt64BigEndian(s, v);
    }
}
