using System.Text;

namespace DropWatch.Netlink.Wire;

/// <summary>
/// Builds one request in a caller-provided buffer: the netlink header, the generic-netlink
/// header, then attributes. <see cref="Finish"/> writes the final length into the header.
/// Requests are tiny (at most a few dozen bytes), so a stack buffer is enough.
/// </summary>
public ref struct MessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public MessageWriter(Span<byte> buffer, ushort type, ushort flags, uint sequence, byte command, byte version)
    {
        if (buffer.Length < Netlink.HeaderLength + Netlink.GenericHeaderLength)
            throw new ArgumentException("buffer too small for the headers", nameof(buffer));
        _buffer = buffer;
        buffer[..(Netlink.HeaderLength + Netlink.GenericHeaderLength)].Clear();
        HostOrder.Write(buffer[4..], type);
        HostOrder.Write(buffer[6..], flags);
        HostOrder.Write(buffer[8..], sequence);
        // nlmsg_pid stays 0: the kernel fills in the sender's port itself.
        buffer[16] = command;
        buffer[17] = version;
        _length = Netlink.HeaderLength + Netlink.GenericHeaderLength;
    }

    public void PutFlag(ushort type) => Reserve(type, 0);

    public void PutU8(ushort type, byte value) => Reserve(type, 1)[0] = value;

    public void PutU32(ushort type, uint value) => HostOrder.Write(Reserve(type, 4), value);

    /// <summary>Strings go on the wire NUL-terminated, as the kernel's NLA_NUL_STRING policy wants.</summary>
    public void PutString(ushort type, string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        Span<byte> payload = Reserve(type, count + 1);
        Encoding.UTF8.GetBytes(value, payload);
        payload[count] = 0;
    }

    public int Finish()
    {
        HostOrder.Write(_buffer, (uint)_length);
        return _length;
    }

    private Span<byte> Reserve(ushort type, int payloadLength)
    {
        int total = Netlink.AttributeHeaderLength + payloadLength;
        int aligned = Netlink.Align(total);
        if (_length + aligned > _buffer.Length)
            throw new ArgumentException("request does not fit its buffer");
        Span<byte> at = _buffer.Slice(_length, aligned);
        at.Clear();
        HostOrder.Write(at, (ushort)total);
        HostOrder.Write(at[2..], type);
        _length += aligned;
        return at.Slice(Netlink.AttributeHeaderLength, payloadLength);
    }
}
