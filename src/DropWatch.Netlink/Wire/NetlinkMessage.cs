namespace DropWatch.Netlink.Wire;

/// <summary>
/// One message inside a datagram: the 16-byte nlmsghdr fields and the bytes after the header.
/// <code>
///  0      4      6      8         12        16
///  | len  | type | flags| seq     | pid     | payload (len - 16 bytes) ...
/// </code>
/// </summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(ushort type, ushort flags, uint sequence, uint portId, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
        Payload = payload;
    }

    public ushort Type { get; }
    public ushort Flags { get; }
    public uint Sequence { get; }
    public uint PortId { get; }
    public ReadOnlySpan<byte> Payload { get; }

    public bool IsError => Type == Netlink.TypeError;
}
