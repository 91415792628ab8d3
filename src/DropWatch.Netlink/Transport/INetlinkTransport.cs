namespace DropWatch.Netlink.Transport;

/// <summary>
/// The whole seam between the tool and a netlink socket. The real socket and the test suite's
/// fake kernel implement all of it; nothing above this interface touches a file descriptor.
/// </summary>
public interface INetlinkTransport : IDisposable
{
    /// <summary>The port id the kernel assigned to this socket (replies carry it).</summary>
    uint PortId { get; }

    /// <summary>Sends one complete request to the kernel. Throws <see cref="NetlinkException"/>.</summary>
    void Send(ReadOnlySpan<byte> message);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1 = forever) for one datagram and copies it into
    /// <paramref name="buffer"/>. Returns early with <see cref="ReceiveStatus.Woken"/> after
    /// <see cref="Wake"/>, and with <see cref="ReceiveStatus.Overrun"/> when the kernel dropped
    /// messages because the socket's queue was full (ENOBUFS).
    /// </summary>
    ReceiveResult Receive(Span<byte> buffer, int timeoutMs);

    /// <summary>Subscribes to a multicast group by id. Throws <see cref="NetlinkException"/> (EPERM …).</summary>
    void JoinGroup(uint groupId);

    void LeaveGroup(uint groupId);

    /// <summary>Asks for a kernel-side receive queue of <paramref name="bytes"/>; returns what was granted.</summary>
    int SetReceiveBufferSize(int bytes);

    /// <summary>
    /// How many messages the kernel has dropped for this socket because its queue was full
    /// (SO_MEMINFO's drop counter): exact, where ENOBUFS only says "some".
    /// </summary>
    long ReadDropCount();

    /// <summary>Interrupts a blocked or the next <see cref="Receive"/>. Safe to call from any thread.</summary>
    void Wake();
}
