namespace DropWatch.Netlink.Transport;

public enum ReceiveStatus
{
    /// <summary>A datagram was copied into the buffer.</summary>
    Data,
    /// <summary>Nothing arrived before the timeout.</summary>
    TimedOut,
    /// <summary><see cref="INetlinkTransport.Wake"/> was called.</summary>
    Woken,
    /// <summary>The kernel dropped messages for this socket (ENOBUFS); receiving continues.</summary>
    Overrun,
}

/// <param name="Length">Bytes copied (Data only).</param>
/// <param name="Truncated">The datagram was longer than the buffer and its tail was lost.</param>
public readonly record struct ReceiveResult(ReceiveStatus Status, int Length = 0, bool Truncated = false)
{
    public static ReceiveResult TimedOut => new(ReceiveStatus.TimedOut);
    public static ReceiveResult Woken => new(ReceiveStatus.Woken);
    public static ReceiveResult Overrun => new(ReceiveStatus.Overrun);
}
