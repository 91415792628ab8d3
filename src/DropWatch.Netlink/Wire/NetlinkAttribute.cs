using System.Text;

namespace DropWatch.Netlink.Wire;

/// <summary>
/// One type-length-value attribute. <see cref="Type"/> is already masked with
/// NLA_TYPE_MASK: since Linux 5.2 nests arrive with NLA_F_NESTED set, older kernels omit it,
/// and a decoder must treat both the same.
/// </summary>
public readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload)
    {
        RawType = rawType;
        Payload = payload;
    }

    public ushort RawType { get; }
    public ushort Type => (ushort)(RawType & Netlink.AttributeTypeMask);
    public bool IsNested => (RawType & Netlink.AttributeNested) != 0;
    public ReadOnlySpan<byte> Payload { get; }

    public byte GetU8() => Payload.Length >= 1 ? Payload[0] : Short<byte>(1);
    public ushort GetU16() => Payload.Length >= 2 ? HostOrder.U16(Payload) : Short<ushort>(2);
    public uint GetU32() => Payload.Length >= 4 ? HostOrder.U32(Payload) : Short<uint>(4);

    /// <summary>u64 payloads may be only 4-byte aligned; <see cref="HostOrder"/> reads unaligned.</summary>
    public ulong GetU64() => Payload.Length >= 8 ? HostOrder.U64(Payload) : Short<ulong>(8);

    /// <summary>The string's bytes without the terminating NUL (and anything after it).</summary>
    public ReadOnlySpan<byte> GetStringBytes()
    {
        int nul = Payload.IndexOf((byte)0);
        return nul >= 0 ? Payload[..nul] : Payload;
    }

    public string GetString() => Encoding.UTF8.GetString(GetStringBytes());

    /// <summary>A reader over the attributes nested inside this one.</summary>
    public AttributeReader GetNested() => new(Payload);

    private T Short<T>(int need) =>
        ThrowHelper.Malformed<T>($"attribute {Type} has {Payload.Length} payload bytes, needs {need}");
}
