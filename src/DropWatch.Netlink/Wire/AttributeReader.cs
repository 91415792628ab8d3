namespace DropWatch.Netlink.Wire;

/// <summary>
/// Walks a run of attributes (a message body or a nest's payload).
/// <code>
///  0        2        4
///  | nla_len| nla_type| payload (nla_len - 4) | pad to 4 |
/// </code>
/// Each length is checked once: at least the header, at most what is left.
/// </summary>
public ref struct AttributeReader
{
    private ReadOnlySpan<byte> _rest;

    public AttributeReader(ReadOnlySpan<byte> attributes) => _rest = attributes;

    public bool TryRead(out NetlinkAttribute attribute)
    {
        // Trailing bytes shorter than a header are alignment padding, not an attribute.
        if (_rest.Length < Netlink.AttributeHeaderLength)
        {
            attribute = default;
            return false;
        }

        ushort length = HostOrder.U16(_rest);
        if (length < Netlink.AttributeHeaderLength || length > _rest.Length)
            ThrowHelper.AttributeLength(length, _rest.Length);

        attribute = new NetlinkAttribute(HostOrder.U16(_rest[2..]), _rest[Netlink.AttributeHeaderLength..length]);
        long next = Netlink.AlignedEnd(0, length);
        _rest = next >= _rest.Length ? default : _rest[(int)next..];
        return true;
    }
}
