using System.Buffers.Binary;
using DropWatch.Netlink.Transport;

namespace DropWatch.Netlink.Tests.Route;

/// <summary>
/// A socket that answers the first request with prepared datagrams, each message's sequence number
/// rewritten to the request's (so bytes captured from a real kernel replay against any sequence), then
/// times out. Records what was sent.
/// </summary>
internal sealed class ScriptedTransport(params byte[][] datagrams) : INetlinkTransport
{
    private readonly Queue<byte[]> _pending = new();
    public List<byte[]> Sent { get; } = [];
    public bool Disposed { get; private set; }
    public bool TruncateAll { get; init; }

    public uint PortId => 4242;

    public void Send(ReadOnlySpan<byte> message)
    {
        Sent.Add(message.ToArray());
        uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(message[8..]);
        foreach (byte[] d in datagrams)
        {
            byte[] copy = (byte[])d.Clone();
            for (int at = 0; at + 16 <= copy.Length;)
            {
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at));
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at + 8), sequence);
                if (length < 16) break;
                at += (length + 3) & ~3;
            }
            _pending.Enqueue(copy);
        }
    }

    public ReceiveResult Receive(Span<byte> buffer, int timeoutMs)
    {
        if (!_pending.TryDequeue(out byte[]? d))
            return new ReceiveResult(ReceiveStatus.TimedOut);
        int n = Math.Min(d.Length, buffer.Length);
        d.AsSpan(0, n).CopyTo(buffer);
        return new ReceiveResult(ReceiveStatus.Data, n, TruncateAll || n < d.Length);
    }

    public void JoinGroup(uint groupId) => throw new NotSupportedException();
    public void LeaveGroup(uint groupId) => throw new NotSupportedException();
    public int SetReceiveBufferSize(int bytes) => bytes;
    public long ReadDropCount() => 0;
    public void Wake() { }
    public void Dispose() => Disposed = true;
}
