namespace DropWatch.Netlink.Wire;

/// <summary>
/// Walks the netlink messages packed into one received datagram.
/// A datagram may carry several messages, each starting at the aligned end of the previous one.
/// </summary>
public ref struct MessageReader
{
    private ReadOnlySpan<byte> _rest;

    public MessageReader(ReadOnlySpan<byte> datagram) => _rest = datagram;

    public bool TryRead(out NetlinkMessage message)
    {
        if (_rest.IsEmpty)
        {
            message = default;
            return false;
        }
        if (_rest.Length < Netlink.HeaderLength)
            ThrowHelper.MessageHeader(_rest.Length);

        uint length = HostOrder.U32(_rest);
        if (length < Netlink.HeaderLength || length > (uint)_rest.Length)
            ThrowHelper.MessageLength(length, _rest.Length);

        message = new NetlinkMessage(
            type: HostOrder.U16(_rest[4..]),
            flags: HostOrder.U16(_rest[6..]),
            sequence: HostOrder.U32(_rest[8..]),
            portId: HostOrder.U32(_rest[12..]),
            payload: _rest[Netlink.HeaderLength..(int)length]);

        long next = Netlink.AlignedEnd(0, length);
        _rest = next >= _rest.Length ? default : _rest[(int)next..];
        return true;
    }
}
