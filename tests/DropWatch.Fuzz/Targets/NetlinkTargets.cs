using System.Buffers.Binary;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Route;
using DropWatch.Netlink.Wire;

namespace DropWatch.Fuzz.Targets;

/// <summary>The wire readers: messages, attributes at any depth, error acks, controller replies.</summary>
internal static class NetlinkTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("netlink-walk", 10, Seeds.AllNetlink, Walk, typeof(NetlinkFormatException));
        yield return new FuzzTarget("error-message", 6, ErrorSeeds, ParseErrors, typeof(NetlinkFormatException));
        yield return new FuzzTarget("family-reply", 6, FamilySeeds, DecodeFamilies, typeof(NetlinkFormatException));
        yield return new FuzzTarget("link-dump", 6, LinkDumpSeeds, DecodeLinkDump, typeof(NetlinkFormatException));
    }

    /// <summary>Every message, every attribute treated as a possible nest down to the bottom, every accessor.</summary>
    private static Outcome Walk(byte[] datagram)
    {
        var messages = new MessageReader(datagram);
        while (messages.TryRead(out NetlinkMessage m))
        {
            if (m.IsError)
            {
                _ = ErrorMessage.Parse(m);
                continue;
            }

            if (m.Payload.Length < Netlink.Wire.Netlink.GenericHeaderLength) continue;
            GenericMessage genl = GenericMessage.Parse(m);
            WalkTree(datagram, genl.Attributes);
        }

        return Outcome.Accepted;
    }

    // Iterative, so a 16,000-deep nest costs no stack: pending nests are (offset, length) into the datagram.
    private static void WalkTree(byte[] datagram, ReadOnlySpan<byte> top)
    {
        var pending = new Stack<(int Start, int Length)>();
        pending.Push((OffsetIn(datagram, top), top.Length));
        int visited = 0;
        while (pending.Count > 0 && visited < 100_000)
        {
            (int start, int length) = pending.Pop();
            var reader = new AttributeReader(datagram.AsSpan(start, length));
            while (reader.TryRead(out NetlinkAttribute a))
            {
                visited++;
                _ = a.GetStringBytes();
                if (a.Payload.Length >= 8) _ = a.GetU64();
                else if (a.Payload.Length >= 4) _ = a.GetU32();
                if (a.Payload.Length >= Netlink.Wire.Netlink.AttributeHeaderLength && (a.IsNested || (a.Payload.Length & 3) == 0))
                    pending.Push((OffsetIn(datagram, a.Payload), a.Payload.Length));
            }
        }
    }

    private static int OffsetIn(byte[] datagram, ReadOnlySpan<byte> part) =>
        part.IsEmpty ? 0 : (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(
            ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(datagram),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(part));

    private static IReadOnlyList<byte[]> ErrorSeeds() =>
    [
        Seeds.Captured("config_ebusy_extack"), Seeds.Captured("start_eagain_extack"), Seeds.Captured("start_eperm_unprivileged"),
        Seeds.Captured("getfamily_enoent_error"), Seeds.Captured("stop_when_stopped_ack"), Seeds.Captured("start_ack"),
        Testing.KernelMessages.Error(-16, 5, 99, Seeds.NetDmFamily, "drop_monitor: Cannot configure drop monitor during monitoring"),
        Testing.KernelMessages.Ack(1, 2),
    ];

    // Every message is parsed as an error ack, whatever its type: the parser must cope with any payload.
    private static Outcome ParseErrors(byte[] datagram)
    {
        var messages = new MessageReader(datagram);
        while (messages.TryRead(out NetlinkMessage m))
        {
            ErrorMessage e = ErrorMessage.Parse(m);
            if (e.ExtAckMessage.IndexOf((byte)0) >= 0) throw new InvariantException("extended-ack text contains its NUL");
        }

        return Outcome.Accepted;
    }

    private static IReadOnlyList<byte[]> FamilySeeds() =>
    [
        Seeds.Captured("getfamily_net_dm_reply"), Seeds.Captured("getfamily_nlctrl_reply"),
        Testing.KernelMessages.NetDmFamily(Seeds.NetDmFamily, 1, 2),
    ];

    private static Outcome DecodeFamilies(byte[] datagram)
    {
        var messages = new MessageReader(datagram);
        while (messages.TryRead(out NetlinkMessage m))
        {
            FamilyInfo family = FamilyReplyDecoder.Decode(m);
            _ = family.MulticastGroups.Count;
        }

        return Outcome.Accepted;
    }

    // A dump datagram as the kernel sends it: RTM_NEWLINK parts (ifinfomsg + IFLA_IFNAME), then NLMSG_DONE.
    private static IReadOnlyList<byte[]> LinkDumpSeeds()
    {
        static byte[] Part(int index, string name)
        {
            byte[] text = System.Text.Encoding.ASCII.GetBytes(name + "\0");
            int attr = 4 + text.Length, length = 32 + ((attr + 3) & ~3);
            var m = new byte[length];
            BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)length);
            BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), LinkDump.RtmNewLink);
            BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(6), 2);
            BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(20), index);
            BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(32), (ushort)attr);
            BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(34), LinkDump.IflaIfName);
            text.CopyTo(m, 36);
            return m;
        }
        byte[] done = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(done, 20);
        BinaryPrimitives.WriteUInt16LittleEndian(done.AsSpan(4), 3);
        return [[.. Part(1, "lo"), .. Part(4, "eth0"), .. done], Part(7, "veth-dw0")];
    }

    private static Outcome DecodeLinkDump(byte[] datagram)
    {
        var messages = new MessageReader(datagram);
        while (messages.TryRead(out NetlinkMessage m))
        {
            if (LinkDump.TryDecode(m, out _, out string name) && (name.Length == 0 || name.Contains('\0')))
                throw new InvariantException("a decoded interface name is empty or holds its NUL");
        }
        return Outcome.Accepted;
    }
}
