using DropWatch.Native;

namespace DropWatch.Netlink.Transport;

/// <summary>
/// A NETLINK_GENERIC socket. Another thread (a signal handler's) must be able to wake a blocked receive
/// without relying on EINTR, which the .NET runtime's own signal handling does not deliver to this thread.
/// A wait with a timeout uses poll(2) over the socket and an eventfd. A wait without one blocks in
/// recvmsg(2) itself — one syscall per sporadic alert, where poll and a read were two and poll the
/// dearer (e2e VM, summary mode: NET_DM's once-a-second alerts) — and <see cref="Wake"/> reaches it
/// with a netlink message to our own port. Only the kernel's messages (sender port 0) are data: a
/// message from any user-space port, ours or a stranger's, only wakes the receive, so no other process
/// can pass off alerts as the kernel's.
/// </summary>
public sealed unsafe class NetlinkSocket : INetlinkTransport
{
    private readonly EventWaker _waker;
    private int _fd;
    private bool _knownEmpty;
    private int _wakesTaken; // wake-ups poll took from the eventfd whose NOOP is still queued (receiving thread only)

    private NetlinkSocket(int fd, EventWaker waker, uint portId)
    {
        _fd = fd;
        _waker = waker;
        PortId = portId;
    }

    public uint PortId { get; }

    /// <summary>
    /// Opens and binds a generic-netlink socket with extended acks on, so kernel refusals come
    /// with the kernel's explanation.
    /// </summary>
    public static NetlinkSocket Open() => Open(NetlinkConstants.NetlinkGeneric);

    /// <summary>A NETLINK_ROUTE socket, for rtnetlink dumps (interface names).</summary>
    public static NetlinkSocket OpenRoute() => Open(NetlinkConstants.NetlinkRoute);

    private static NetlinkSocket Open(int protocol)
    {
        int fd = LibC.Socket(NetlinkConstants.AfNetlink, NetlinkConstants.SockRaw | NetlinkConstants.SockCloexec, protocol);
        if (fd < 0)
            throw new NetlinkException("open netlink socket", LibC.LastErrno);
        try
        {
            var address = new NetlinkAddress { Family = NetlinkConstants.AfNetlink };
            if (LibC.Bind(fd, &address, (uint)sizeof(NetlinkAddress)) < 0)
                throw new NetlinkException("bind netlink socket", LibC.LastErrno);
            uint length = (uint)sizeof(NetlinkAddress);
            if (LibC.GetSockName(fd, &address, &length) < 0)
                throw new NetlinkException("read netlink port id", LibC.LastErrno);

            int on = 1;
            // Old kernels lack extended acks; errors then carry only the errno, which is still usable.
            _ = LibC.SetSockOpt(fd, NetlinkConstants.SolNetlink, NetlinkConstants.NetlinkExtAck, &on, sizeof(int));

            return new NetlinkSocket(fd, NewWaker(), address.PortId);
        }
        catch
        {
            LibC.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// Grows the kernel-side receive queue. SO_RCVBUFFORCE ignores net.core.rmem_max but needs
    /// CAP_NET_ADMIN; without it SO_RCVBUF still gets as much as rmem_max allows.
    /// Returns the size the kernel actually granted.
    /// </summary>
    public int SetReceiveBufferSize(int bytes)
    {
        if (LibC.SetSockOpt(_fd, NetlinkConstants.SolSocket, NetlinkConstants.SoRcvBufForce, &bytes, sizeof(int)) < 0)
            _ = LibC.SetSockOpt(_fd, NetlinkConstants.SolSocket, NetlinkConstants.SoRcvBuf, &bytes, sizeof(int));
        int granted = 0;
        uint length = sizeof(int);
        _ = LibC.GetSockOpt(_fd, NetlinkConstants.SolSocket, NetlinkConstants.SoRcvBuf, &granted, &length);
        return granted;
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        var kernel = new NetlinkAddress { Family = NetlinkConstants.AfNetlink };
        fixed (byte* p = message)
        {
            while (true)
            {
                nint sent = LibC.SendTo(_fd, p, (nuint)message.Length, 0, &kernel, (uint)sizeof(NetlinkAddress));
                if (sent >= 0) return;
                int errno = LibC.LastErrno;
                if (errno != Errno.EINTR)
                    throw new NetlinkException("send netlink request", errno);
            }
        }
    }

    public ReceiveResult Receive(Span<byte> buffer, int timeoutMs)
    {
        if (timeoutMs < 0)
            return TryReceive(buffer, blocking: true);
        var fds = stackalloc LibC.PollFd[2];
        while (true)
        {
            // Read first while data may be waiting (under load it almost always is); once a read
            // found the queue empty, go straight to poll next time. A zero timeout never polls:
            // the read already answered. This keeps a storm at two syscalls per wake-up.
            if (timeoutMs == 0 || !_knownEmpty)
            {
                ReceiveResult direct = TryReceive(buffer, blocking: false);
                _knownEmpty = direct.Status == ReceiveStatus.TimedOut;
                if (!_knownEmpty || timeoutMs == 0)
                    return direct;
            }

            fds[0] = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
            fds[1] = new LibC.PollFd { Fd = _waker.Fd, Events = LibC.POLLIN };
            int ready = LibC.Poll(fds, 2, timeoutMs);
            if (ready < 0)
            {
                int errno = LibC.LastErrno;
                if (errno == Errno.EINTR) return ReceiveResult.Woken;
                throw new NetlinkException("wait for netlink data", errno);
            }
            if (ready == 0)
                return ReceiveResult.TimedOut;
            if (fds[1].Revents != 0)
            {
                // The same Wake queued a NOOP too: skip it when it comes, so one Wake is one Woken.
                _waker.Consume();
                _wakesTaken++;
                _knownEmpty = false;
                return ReceiveResult.Woken;
            }
            _knownEmpty = false;
        }
    }

    private ReceiveResult TryReceive(Span<byte> buffer, bool blocking)
    {
        fixed (byte* p = buffer)
        {
            var from = new NetlinkAddress();
            var iov = new LibC.IoVector { Base = p, Length = (nuint)buffer.Length };
            while (true)
            {
                var header = new LibC.MessageHeader { Name = &from, NameLength = (uint)sizeof(NetlinkAddress), Iov = &iov, IovLength = 1 };
                nint n = LibC.RecvMsg(_fd, &header, blocking ? 0 : NetlinkConstants.MsgDontWait);
                if (n >= 0)
                {
                    if (from.PortId == 0)
                        return new ReceiveResult(ReceiveStatus.Data, (int)n, (header.Flags & NetlinkConstants.MsgTrunc) != 0);
                    if (!TakeWake(from.PortId))
                        continue; // the NOOP of a wake-up poll already reported
                    return ReceiveResult.Woken; // our own Wake, or a stranger's message: never data
                }
                int errno = LibC.LastErrno;
                switch (errno)
                {
                    case Errno.EINTR when blocking: return ReceiveResult.Woken; // a signal: let the caller look
                    case Errno.EINTR: continue;
                    case Errno.EAGAIN: return ReceiveResult.TimedOut;
                    case Errno.ENOBUFS: return ReceiveResult.Overrun;
                    default: throw new NetlinkException("receive from netlink socket", errno);
                }
            }
        }
    }

    /// <summary>Up to 64 datagrams per recvmmsg(2): under load one syscall reads a whole burst.</summary>
    public int ReceiveBatch(Span<byte> buffer, int slotLength, Span<ReceiveResult> results)
    {
        const int MaxBatch = 64;
        int count = Math.Min(Math.Min(results.Length, MaxBatch), buffer.Length / slotLength);
        if (count <= 0)
            return 0;
        var iovs = stackalloc LibC.IoVector[count];
        var messages = stackalloc LibC.MultiMessageHeader[count];
        var senders = stackalloc NetlinkAddress[count];
        fixed (byte* p = buffer)
        {
            for (int i = 0; i < count; i++)
            {
                iovs[i] = new LibC.IoVector { Base = p + (long)i * slotLength, Length = (nuint)slotLength };
                messages[i] = new LibC.MultiMessageHeader
                {
                    Header = new LibC.MessageHeader { Name = &senders[i], NameLength = (uint)sizeof(NetlinkAddress), Iov = &iovs[i], IovLength = 1 },
                };
            }
            while (true)
            {
                int n = LibC.RecvMMsg(_fd, messages, (uint)count, NetlinkConstants.MsgDontWait, null);
                if (n >= 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        if (senders[i].PortId != 0)
                        {
                            // Not the kernel's (a Wake, or a stranger's message): its slot says Woken, or nothing
                            // (TimedOut) for a NOOP whose wake-up poll already reported. The batch goes on: the
                            // datagrams after it are already read.
                            results[i] = TakeWake(senders[i].PortId) ? ReceiveResult.Woken : ReceiveResult.TimedOut;
                            continue;
                        }
                        results[i] = new ReceiveResult(ReceiveStatus.Data, (int)messages[i].Length,
                            (messages[i].Header.Flags & NetlinkConstants.MsgTrunc) != 0);
                    }
                    // Fewer than asked for: the queue is empty now, so the next blocking receive polls first.
                    _knownEmpty = n < count;
                    return n;
                }
                int errno = LibC.LastErrno;
                switch (errno)
                {
                    case Errno.EINTR: continue;
                    case Errno.EAGAIN:
                        _knownEmpty = true;
                        return 0;
                    case Errno.ENOBUFS:
                        results[0] = ReceiveResult.Overrun;
                        return 1;
                    default: throw new NetlinkException("receive from netlink socket", errno);
                }
            }
        }
    }

    public void JoinGroup(uint groupId)
    {
        if (LibC.SetSockOpt(_fd, NetlinkConstants.SolNetlink, NetlinkConstants.NetlinkAddMembership, &groupId, sizeof(uint)) < 0)
            throw new NetlinkException($"join multicast group {groupId}", LibC.LastErrno);
    }

    public void LeaveGroup(uint groupId)
    {
        _ = LibC.SetSockOpt(_fd, NetlinkConstants.SolNetlink, NetlinkConstants.NetlinkDropMembership, &groupId, sizeof(uint));
    }

    public long ReadDropCount()
    {
        // struct sk_meminfo is u32[SK_MEMINFO_VARS]; SK_MEMINFO_DROPS is index 8. Ask for a
        // little more than today's 9 so a kernel with more fields still answers.
        uint* info = stackalloc uint[16];
        uint length = 16 * sizeof(uint);
        if (LibC.GetSockOpt(_fd, NetlinkConstants.SolSocket, NetlinkConstants.SoMemInfo, info, &length) < 0 || length < 9 * sizeof(uint))
            return -1;
        return info[8];
    }

    /// <summary>
    /// A message from user space arrived: whether it reports a wake-up. Our own NOOP does once, unless poll
    /// already took its eventfd half; then the eventfd is emptied so that the next poll does not report the same
    /// Wake again (Wake writes the eventfd before it sends the NOOP).
    /// </summary>
    private bool TakeWake(uint sender)
    {
        if (sender != PortId)
            return true;
        if (_wakesTaken > 0)
        {
            _wakesTaken--;
            return false;
        }
        _waker.Consume();
        return true;
    }

    /// <summary>
    /// Wakes a receive in progress or the next one: the eventfd for a poll, and for a receive blocked in
    /// recvmsg an empty NLMSG_NOOP sent to our own port (never blocking: with the queue full there is data
    /// to return anyway, and the caller looks at its stop flag after every receive).
    /// </summary>
    public void Wake()
    {
        _waker.Wake();
        var self = new NetlinkAddress { Family = NetlinkConstants.AfNetlink, PortId = PortId };
        var noop = new NoopMessage { Length = (uint)sizeof(NoopMessage), Type = Wire.Netlink.TypeNoop, PortId = PortId };
        _ = LibC.SendTo(_fd, &noop, (nuint)sizeof(NoopMessage), NetlinkConstants.MsgDontWait, &self, (uint)sizeof(NetlinkAddress));
    }

    /// <summary>struct nlmsghdr alone (host byte order), the whole wake message.</summary>
    private struct NoopMessage
    {
        public uint Length;
        public ushort Type;
        public ushort Flags;
        public uint Sequence;
        public uint PortId;
    }

    private static EventWaker NewWaker()
    {
        try
        {
            return new EventWaker();
        }
        catch (NativeCallException e)
        {
            throw new NetlinkException(e.Operation, e.Errno);
        }
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) LibC.Close(fd);
        _waker.Dispose();
    }
}
