namespace DropWatch.Netlink.Wire;

/// <summary>
/// The generic-netlink view of a message: command and version from the 4-byte genlmsghdr,
/// then the family's attributes (the families we speak have no fixed header of their own).
/// </summary>
public readonly ref struct GenericMessage
{
    private GenericMessage(byte command, byte version, ReadOnlySpan<byte> attributes)
    {
        Command = command;
        Version = version;
        Attributes = attributes;
    }

    public byte Command { get; }
    public byte Version { get; }
    public ReadOnlySpan<byte> Attributes { get; }

    public AttributeReader GetAttributes() => new(Attributes);

    public static GenericMessage Parse(in NetlinkMessage message)
    {
        ReadOnlySpan<byte> p = message.Payload;
        if (p.Length < Netlink.GenericHeaderLength)
            ThrowHelper.GenericHeader(p.Length);
        return new GenericMessage(p[0], p[1], p[Netlink.GenericHeaderLength..]);
    }
}
