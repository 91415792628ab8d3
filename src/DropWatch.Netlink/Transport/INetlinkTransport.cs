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

    /// <summary>
    /// Copies the datagrams queued now, without waiting, one per slot of <paramref name="slotLength"/>
    /// bytes of <paramref name="buffer"/>, and fills one result per datagram, up to
    /// <paramref name="results"/>' length. Returns how many results were filled; 0 when nothing was
    /// queued. An <see cref="ReceiveStatus.Overrun"/> or <see cref="ReceiveStatus.Woken"/> result
    /// ends the batch. The real socket does this in one recvmmsg(2); this default asks
    /// <see cref="Receive"/> once per datagram.
    /// </summary>
    int ReceiveBatch(Span<byte> buffer, int slotLength, Span<ReceiveResult> results)
    {
        int filled = 0;
        while (filled < results.Length)
        {
            ReceiveResult r = Receive(buffer.Slice(filled * slotLength, slotLength), 0);
            if (r.Status == ReceiveStatus.TimedOut)
                break;
            results[filled++] = r;
            if (r.Status != ReceiveStatus.Data)
                break;
        }
        return filled;
    }

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
