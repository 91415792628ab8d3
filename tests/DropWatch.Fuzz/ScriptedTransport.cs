using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;

namespace DropWatch.Fuzz;

/// <summary>
/// A socket that answers each request with the datagrams a fuzz input dictates, then a clean ack, and times
/// out at once when nothing is queued: a hostile kernel that never makes a request wait for its deadline.
/// </summary>
internal sealed class ScriptedTransport : INetlinkTransport
{
    private readonly Queue<(byte[] Datagram, bool Truncated)> _queue = new();

    /// <summary>What to answer the next request with (sequence numbers are fixed up on send).</summary>
    public List<byte[]> NextReplies { get; } = [];

    /// <summary>When set, each reply's sequence fields are XORed with the request's (so 0 means "ours").</summary>
    public bool AppendAck { get; set; } = true;

    public uint PortId => 4242;

    public void Send(ReadOnlySpan<byte> message)
    {
        _queue.Clear();
        uint sequence = message.Length >= 12 ? HostOrder.U32(message[8..]) : 0;
        ushort type = message.Length >= 6 ? HostOrder.U16(message[4..]) : (ushort)0;
        foreach (byte[] reply in NextReplies)
        {
            byte[] copy = (byte[])reply.Clone();
            Seeds.SetSequences(copy, sequence, xor: true);
            _queue.Enqueue((copy, false));
        }

        if (AppendAck) _queue.Enqueue((Testing.KernelMessages.Ack(sequence, PortId, type), false));
    }

    /// <summary>Queues one multicast datagram, as the events socket would receive it.</summary>
    public void Deliver(byte[] datagram, bool truncated) => _queue.Enqueue((datagram, truncated));

    public ReceiveResult Receive(Span<byte> buffer, int timeoutMs)
    {
        if (!_queue.TryDequeue(out var next)) return ReceiveResult.TimedOut;
        int n = Math.Min(next.Datagram.Length, buffer.Length);
        next.Datagram.AsSpan(0, n).CopyTo(buffer);
        return new ReceiveResult(ReceiveStatus.Data, n, next.Truncated || next.Datagram.Length > buffer.Length);
    }

    public void JoinGroup(uint groupId)
    {
    }

    public void LeaveGroup(uint groupId)
    {
    }

    public int SetReceiveBufferSize(int bytes) => bytes;

    public long ReadDropCount() => 0;

    public void Wake()
    {
    }

    public void Dispose() => _queue.Clear();
}
