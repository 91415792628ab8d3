namespace DropWatch.Netlink.Transport;

/// <summary>
/// A NETLINK_GENERIC socket. Waiting uses poll(2) over the socket and an eventfd, so another
/// thread (a signal handler's) can wake a blocked receive without relying on EINTR, which the
/// .NET runtime's own signal handling does not deliver to this thread.
/// </summary>
public sealed unsafe class NetlinkSocket : INetlinkTransport
{
    private int _fd;
    private int _wakeFd;
    private bool _knownEmpty;

    private NetlinkSocket(int fd, int wakeFd, uint portId)
    {
        _fd = fd;
        _wakeFd = wakeFd;
        PortId = portId;
    }

    public uint PortId { get; }

    /// <summary>
    /// Opens and binds a generic-netlink socket with extended acks on, so kernel refusals come
    /// with the kernel's explanation.
    /// </summary>
    public static NetlinkSocket Open()
    {
        int fd = Sys.Socket(Sys.AfNetlink, Sys.SockRaw | Sys.SockCloexec, Sys.NetlinkGeneric);
        if (fd < 0)
            throw new NetlinkException("open netlink socket", Sys.LastErrno);
        int wakeFd = -1;
        try
        {
            var address = new Sys.NetlinkAddress { Family = Sys.AfNetlink };
            if (Sys.Bind(fd, &address, (uint)sizeof(Sys.NetlinkAddress)) < 0)
                throw new NetlinkException("bind netlink socket", Sys.LastErrno);
            uint length = (uint)sizeof(Sys.NetlinkAddress);
            if (Sys.GetSockName(fd, &address, &length) < 0)
                throw new NetlinkException("read netlink port id", Sys.LastErrno);

            int on = 1;
            // Old kernels lack extended acks; errors then carry only the errno, which is still usable.
            _ = Sys.SetSockOpt(fd, Sys.SolNetlink, Sys.NetlinkExtAck, &on, sizeof(int));

            wakeFd = Sys.EventFd(0, Sys.EfdCloexec | Sys.EfdNonBlock);
            if (wakeFd < 0)
                throw new NetlinkException("create eventfd", Sys.LastErrno);
            return new NetlinkSocket(fd, wakeFd, address.PortId);
        }
        catch
        {
            Sys.Close(fd);
            if (wakeFd >= 0) Sys.Close(wakeFd);
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
        if (Sys.SetSockOpt(_fd, Sys.SolSocket, Sys.SoRcvBufForce, &bytes, sizeof(int)) < 0)
            _ = Sys.SetSockOpt(_fd, Sys.SolSocket, Sys.SoRcvBuf, &bytes, sizeof(int));
        int granted = 0;
        uint length = sizeof(int);
        _ = Sys.GetSockOpt(_fd, Sys.SolSocket, Sys.SoRcvBuf, &granted, &length);
        return granted;
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        var kernel = new Sys.NetlinkAddress { Family = Sys.AfNetlink };
        fixed (byte* p = message)
        {
            while (true)
            {
                nint sent = Sys.SendTo(_fd, p, (nuint)message.Length, 0, &kernel, (uint)sizeof(Sys.NetlinkAddress));
                if (sent >= 0) return;
                int errno = Sys.LastErrno;
                if (errno != Sys.EINTR)
                    throw new NetlinkException("send netlink request", errno);
            }
        }
    }

    public ReceiveResult Receive(Span<byte> buffer, int timeoutMs)
    {
        var fds = stackalloc Sys.PollFd[2];
        while (true)
        {
            // Read first while data may be waiting (under load it almost always is); once a read
            // found the queue empty, go straight to poll next time. A zero timeout never polls:
            // the read already answered. This keeps a storm at two syscalls per wake-up.
            if (timeoutMs == 0 || !_knownEmpty)
            {
                ReceiveResult direct = TryReceive(buffer);
                _knownEmpty = direct.Status == ReceiveStatus.TimedOut;
                if (!_knownEmpty || timeoutMs == 0)
                    return direct;
            }

            fds[0] = new Sys.PollFd { Fd = _fd, Events = Sys.PollIn };
            fds[1] = new Sys.PollFd { Fd = _wakeFd, Events = Sys.PollIn };
            int ready = Sys.Poll(fds, 2, timeoutMs);
            if (ready < 0)
            {
                int errno = Sys.LastErrno;
                if (errno == Sys.EINTR) return ReceiveResult.Woken;
                throw new NetlinkException("wait for netlink data", errno);
            }
            if (ready == 0)
                return ReceiveResult.TimedOut;
            if (fds[1].Revents != 0)
            {
                ulong drained;
                _ = Sys.Read(_wakeFd, &drained, sizeof(ulong));
                _knownEmpty = false;
                return ReceiveResult.Woken;
            }
            _knownEmpty = false;
        }
    }

    private ReceiveResult TryReceive(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var iov = new Sys.IoVector { Base = p, Length = (nuint)buffer.Length };
            var header = new Sys.MessageHeader { Iov = &iov, IovLength = 1 };
            while (true)
            {
                nint n = Sys.RecvMsg(_fd, &header, Sys.MsgDontWait);
                if (n >= 0)
                    return new ReceiveResult(ReceiveStatus.Data, (int)n, (header.Flags & Sys.MsgTrunc) != 0);
                int errno = Sys.LastErrno;
                switch (errno)
                {
                    case Sys.EINTR: continue;
                    case Sys.EAGAIN: return ReceiveResult.TimedOut;
                    case Sys.ENOBUFS: return ReceiveResult.Overrun;
                    default: throw new NetlinkException("receive from netlink socket", errno);
                }
            }
        }
    }

    public void JoinGroup(uint groupId)
    {
        if (Sys.SetSockOpt(_fd, Sys.SolNetlink, Sys.NetlinkAddMembership, &groupId, sizeof(uint)) < 0)
            throw new NetlinkException($"join multicast group {groupId}", Sys.LastErrno);
    }

    public void LeaveGroup(uint groupId)
    {
        _ = Sys.SetSockOpt(_fd, Sys.SolNetlink, Sys.NetlinkDropMembership, &groupId, sizeof(uint));
    }

    public long ReadDropCount()
    {
        // struct sk_meminfo is u32[SK_MEMINFO_VARS]; SK_MEMINFO_DROPS is index 8. Ask for a
        // little more than today's 9 so a kernel with more fields still answers.
        uint* info = stackalloc uint[16];
        uint length = 16 * sizeof(uint);
        if (Sys.GetSockOpt(_fd, Sys.SolSocket, Sys.SoMemInfo, info, &length) < 0 || length < 9 * sizeof(uint))
            return -1;
        return info[8];
    }

    public void Wake()
    {
        ulong one = 1;
        int fd = Volatile.Read(ref _wakeFd);
        if (fd >= 0)
            _ = Sys.Write(fd, &one, sizeof(ulong));
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Sys.Close(fd);
        int wake = Interlocked.Exchange(ref _wakeFd, -1);
        if (wake >= 0) Sys.Close(wake);
    }
}
