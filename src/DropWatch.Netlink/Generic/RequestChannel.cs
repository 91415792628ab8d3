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
    // Dump parts are sized by the kernel (up to 32 KiB for big link dumps); a smaller buffer would truncate them.
    private readonly byte[] _buffer = new byte[32 * 1024];
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
    public void Execute(string operation, ReadOnlySpan<byte> request, uint sequence, ReplyHandler? onReply = null) =>
        Run(operation, request, sequence, onReply, dump: false);

    /// <summary>
    /// Sends a dump request (NLM_F_DUMP, no ack asked) and hands every part (NLM_F_MULTI messages, over
    /// as many datagrams as the kernel needs) to <paramref name="onReply"/> until NLMSG_DONE ends it. A
    /// DONE carrying a negative errno, an NLMSG_ERROR, a truncated datagram, or a part the kernel marked
    /// NLM_F_DUMP_INTR (the table changed mid-dump: the caller may retry) throws
    /// <see cref="NetlinkException"/>, as does no DONE within the deadline.
    /// </summary>
    public void Dump(string operation, ReadOnlySpan<byte> request, uint sequence, ReplyHandler onReply) =>
        Run(operation, request, sequence, onReply, dump: true);

    private void Run(string operation, ReadOnlySpan<byte> request, uint sequence, ReplyHandler? onReply, bool dump)
    {
        try
        {
            Exchange(operation, request, sequence, onReply, dump);
        }
        catch (NetlinkFormatException e)
        {
            throw NetlinkException.MalformedReply(operation, e);
        }
    }

    private void Exchange(string operation, ReadOnlySpan<byte> request, uint sequence, ReplyHandler? onReply, bool dump)
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

            if (dump && r.Truncated)
                throw new NetlinkException(operation, Errno.EMSGSIZE, "a dump part was larger than the receive buffer");
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
                {
                    if (!dump)
                        continue;
                    // The dump's own status: 0, or the negative errno that cut it short.
                    int status = m.Payload.Length >= 4 ? (int)HostOrder.U32(m.Payload) : 0;
                    if (status < 0)
                        throw new NetlinkException(operation, -status, null, fromKernel: true);
                    return;
                }
                if (dump && (m.Flags & Wire.Netlink.FlagDumpInterrupted) != 0)
                    throw new NetlinkException(operation, Errno.EINTR, "the kernel's table changed during the dump");
                onReply?.Invoke(m);
            }
        }
    }

    public void Dispose() => Transport.Dispose();
}
