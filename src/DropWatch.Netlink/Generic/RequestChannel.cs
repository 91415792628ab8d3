using DropWatch.Netlink.Transport;
using DropWatch.Native;
using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Generic;

/// <summary>Receives each reply message (not the final ack) that answers a request.</summary>
public delegate void ReplyHandler(in NetlinkMessage reply);

/// <summary>
/// Request/acknowledge over one socket that is never subscribed to a multicast group, so an
/// alert storm can never push a reply or an ack out of its queue. Every request asks for an
/// ack; replies arrive first, then the ack (or an error) that ends the exchange. A deadline
/// guards against a kernel that never answers, so no command can hang the prompt for ever.
/// </summary>
public sealed class RequestChannel : IDisposable
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private uint _sequence;

    public RequestChannel(INetlinkTransport transport, int replyTimeoutMs = 5000)
    {
        Transport = transport;
        ReplyTimeoutMs = replyTimeoutMs;
        // Start from a time-derived number so replies to an earlier process's requests on a
        // recycled port id can't be mistaken for ours.
        _sequence = (uint)Environment.TickCount;
    }

    public INetlinkTransport Transport { get; }
    public int ReplyTimeoutMs { get; }

    public uint NextSequence() => unchecked(++_sequence);

    /// <summary>
    /// Sends <paramref name="request"/> (built with <paramref name="sequence"/> and NLM_F_ACK) and
    /// waits for its ack. Throws <see cref="NetlinkException"/> when the kernel refuses it, when
    /// sending fails, when no answer comes in time, or when the answer cannot be decoded (EBADMSG: a
    /// datagram, the ack, or a reply that <paramref name="onReply"/> rejected with
    /// <see cref="NetlinkFormatException"/>). A bad answer fails only its own request: anything left of
    /// it in the queue carries its sequence number and is skipped by the next request.
    /// </summary>
    public void Execute(string operation, ReadOnlySpan<byte> request, uint sequence, ReplyHandler? onReply = null)
    {
        try
        {
            Exchange(operation, request, sequence, onReply);
        }
        catch (NetlinkFormatException e)
        {
            throw NetlinkException.MalformedReply(operation, e);
        }
    }

    private void Exchange(string operation, ReadOnlySpan<byte> request, uint sequence, ReplyHandler? onReply)
    {
        Transport.Send(request);
        long deadline = Environment.TickCount64 + ReplyTimeoutMs;
        while (true)
        {
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            ReceiveResult r = Transport.Receive(_buffer, left);
            switch (r.Status)
            {
                case ReceiveStatus.TimedOut:
                    throw new NetlinkException(operation, Errno.ETIMEDOUT, "no answer from the kernel");
                case ReceiveStatus.Woken:
                case ReceiveStatus.Overrun:
                    // The reply may have been lost with the overrun; keep waiting until the deadline.
                    if (Environment.TickCount64 >= deadline)
                        throw new NetlinkException(operation, Errno.ETIMEDOUT, "no answer from the kernel");
                    continue;
            }

            var messages = new MessageReader(_buffer.AsSpan(0, r.Length));
            while (messages.TryRead(out NetlinkMessage m))
            {
                if (m.Sequence != sequence)
                    continue; // a stale answer to an earlier, abandoned request
                if (m.IsError)
                {
                    ErrorMessage e = ErrorMessage.Parse(m);
                    if (e.Error == 0)
                        return;
                    string? text = e.ExtAckMessage.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(e.ExtAckMessage);
                    throw new NetlinkException(operation, -e.Error, text, fromKernel: true);
                }
                if (m.Type == Wire.Netlink.TypeDone)
                    continue;
                onReply?.Invoke(m);
            }
        }
    }

    public void Dispose() => Transport.Dispose();
}
