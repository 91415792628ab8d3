using DropWatch.Native;
using System.Collections.Concurrent;
using DropWatch.Netlink.Transport;

namespace DropWatch.Testing;

/// <summary>One socket of the <see cref="FakeKernel"/>: a queue of datagrams and a wake flag.</summary>
public sealed class FakeSocket : INetlinkTransport
{
    private static readonly byte[] FailureMarker = [0xee], OverrunMarker = [];
    private readonly FakeKernel _kernel;
    private readonly BlockingCollection<byte[]> _queue = new();
    private int _woken;

    internal FakeSocket(FakeKernel kernel, uint portId)
    {
        _kernel = kernel;
        PortId = portId;
    }

    public uint PortId { get; }
    public bool InEventsGroup { get; private set; }
    public bool Disposed { get; private set; }
    public int RequestedBufferSize { get; private set; }

    public void Send(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        _kernel.Handle(this, message);
    }

    public ReceiveResult Receive(Span<byte> buffer, int timeoutMs)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (_pendingFailure is { } pending)
        {
            _pendingFailure = null;
            throw pending;
        }
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (Interlocked.Exchange(ref _woken, 0) == 1)
                return ReceiveResult.Woken;
            if (_queue.TryTake(out byte[]? datagram, 0))
                return Copy(datagram, buffer);
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
                return ReceiveResult.TimedOut;
            // Short slices so a Wake is noticed promptly.
            if (_queue.TryTake(out datagram, (int)Math.Min(left, 10)))
                return Copy(datagram, buffer);
        }
    }

    /// <summary>
    /// As recvmmsg: the datagrams queued now, without waiting. A failure after some datagrams does
    /// not lose them: it is kept and thrown by the next receive, as the kernel keeps a socket error
    /// for the next call.
    /// </summary>
    public int ReceiveBatch(Span<byte> buffer, int slotLength, Span<ReceiveResult> results)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (_pendingFailure is { } pending)
        {
            _pendingFailure = null;
            throw pending;
        }
        int filled = 0;
        while (filled < results.Length)
        {
            if (Interlocked.Exchange(ref _woken, 0) == 1)
            {
                results[filled++] = ReceiveResult.Woken;
                break;
            }
            if (!_queue.TryTake(out byte[]? datagram, 0))
                break;
            try
            {
                results[filled] = Copy(datagram, buffer.Slice(filled * slotLength, slotLength));
            }
            catch (NetlinkException e) when (filled > 0)
            {
                _pendingFailure = e;
                break;
            }
            if (results[filled++].Status != ReceiveStatus.Data)
                break;
        }
        return filled;
    }

    private NetlinkException? _pendingFailure;

    private static ReceiveResult Copy(byte[] datagram, Span<byte> buffer)
    {
        if (ReferenceEquals(datagram, OverrunMarker))
            return ReceiveResult.Overrun;
        if (ReferenceEquals(datagram, FailureMarker))
            throw new NetlinkException("receive from netlink socket", Errno.EIO);
        int n = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, n).CopyTo(buffer);
        return new ReceiveResult(ReceiveStatus.Data, n, datagram.Length > buffer.Length);
    }

    public void JoinGroup(uint groupId)
    {
        if (!_kernel.AllowGroupJoin)
            throw new NetlinkException($"join multicast group {groupId}", Errno.EPERM);
        InEventsGroup = groupId == 1;
    }

    public void LeaveGroup(uint groupId) => InEventsGroup = false;

    public int SetReceiveBufferSize(int bytes)
    {
        RequestedBufferSize = bytes;
        return bytes * 2;
    }

    /// <summary>Messages "dropped" by <see cref="FakeKernel.Overrun"/>, as SO_MEMINFO would count them.</summary>
    public long Dropped;

    public long ReadDropCount() => Interlocked.Read(ref Dropped);

    public void Wake() => Interlocked.Exchange(ref _woken, 1);

    internal void Deliver(byte[] datagram) => _queue.Add(datagram);

    /// <summary>The next receive fails as a broken socket would (EIO).</summary>
    internal void DeliverFailure() => _queue.Add(FailureMarker);

    internal void DeliverOverrun(int dropped)
    {
        Interlocked.Add(ref Dropped, dropped);
        _queue.Add(OverrunMarker);
    }

    public void Dispose()
    {
        Disposed = true;
        InEventsGroup = false;
    }
}
