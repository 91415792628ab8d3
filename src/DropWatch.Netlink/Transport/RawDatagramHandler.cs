namespace DropWatch.Netlink.Transport;

/// <summary>
/// Receives one netlink datagram exactly as the kernel sent it (for a capture file). The bytes are
/// the receive buffer itself: valid only during the call, never copied on the way.
/// </summary>
public delegate void RawDatagramHandler(ReadOnlySpan<byte> datagram);
