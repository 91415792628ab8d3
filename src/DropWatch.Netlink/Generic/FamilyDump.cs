using DropWatch.Native;
using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Generic;

/// <summary>
/// A CTRL_CMD_GETFAMILY dump whose datagrams are handed over raw. A capture file starts with them
/// so that a reader (Wireshark's genl dissector) learns which dynamic id belongs to which family.
/// </summary>
public static class FamilyDump
{
    /// <summary>
    /// Dumps the families on <paramref name="transport"/> (a socket in no multicast group) and hands
    /// each datagram to <paramref name="onDatagram"/> until one has described <paramref name="familyId"/>
    /// or the dump ends. Returns whether the family was seen. Throws <see cref="NetlinkException"/>.
    /// </summary>
    public static bool WriteUntil(INetlinkTransport transport, ushort familyId, RawDatagramHandler onDatagram, int timeoutMs = 5000)
    {
        const string operation = "dump generic netlink families";
        Span<byte> request = stackalloc byte[32];
        uint sequence = (uint)Environment.TickCount;
        var w = new MessageWriter(request, Controller.FamilyId, Wire.Netlink.FlagRequest | Wire.Netlink.FlagDump,
            sequence, Controller.CommandGetFamily, Controller.Version);
        transport.Send(request[..w.Finish()]);

        byte[] buffer = new byte[64 * 1024];
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            ReceiveResult r = transport.Receive(buffer, left);
            if (r.Status == ReceiveStatus.TimedOut || Environment.TickCount64 > deadline)
                throw new NetlinkException(operation, Errno.ETIMEDOUT, "no answer from the kernel");
            if (r.Status != ReceiveStatus.Data)
                continue;
            ReadOnlySpan<byte> datagram = buffer.AsSpan(0, r.Length);
            (bool found, bool done) = Scan(datagram, sequence, familyId, operation);
            if (found || !done)
                onDatagram(datagram);
            if (found)
                return true;
            if (done)
                return false;
        }
    }

    private static (bool Found, bool Done) Scan(ReadOnlySpan<byte> datagram, uint sequence, ushort familyId, string operation)
    {
        bool found = false, done = false;
        try
        {
            var messages = new MessageReader(datagram);
            while (messages.TryRead(out NetlinkMessage m))
            {
                if (m.Sequence != sequence)
                    continue;
                if (m.IsError)
                {
                    ErrorMessage e = ErrorMessage.Parse(m);
                    if (e.Error != 0)
                        throw new NetlinkException(operation, -e.Error, null, fromKernel: true);
                    done = true;
                }
                else if (m.Type == Wire.Netlink.TypeDone)
                    done = true;
                else if (m.Type == Controller.FamilyId && FamilyReplyDecoder.Decode(m).Id == familyId)
                    found = true;
            }
        }
        catch (NetlinkFormatException e)
        {
            throw NetlinkException.MalformedReply(operation, e);
        }
        return (found, done);
    }
}
