namespace DropWatch.Core.DropMonitor;

/// <summary>
/// One NET_DM_CMD_PACKET_ALERT, decoded in place. Every field is optional on the wire; the
/// Has* flags say which ones the kernel sent, so nothing is printed that was not received.
/// String spans exclude the terminating NUL.
/// </summary>
public ref struct PacketAlert
{
    public bool HasPc;
    public ulong Pc;
    public bool HasSymbol;
    public ReadOnlySpan<byte> Symbol;
    public bool HasOrigin;
    public ushort Origin;
    public bool HasTrapGroupName;
    public ReadOnlySpan<byte> TrapGroupName;
    public bool HasTrapName;
    public ReadOnlySpan<byte> TrapName;
    public bool HasIfIndex;
    public uint IfIndex;
    public bool HasPortName;
    public ReadOnlySpan<byte> PortName;
    public bool HasCookie;
    public ReadOnlySpan<byte> Cookie;
    public bool HasTimestamp;
    public ulong TimestampNs;
    public bool HasProtocol;
    public ushort Protocol;
    public bool HasPayload;
    public ReadOnlySpan<byte> Payload;
    public bool HasOriginalLength;
    public uint OriginalLength;
    public bool HasReason;
    public ReadOnlySpan<byte> Reason;
}
