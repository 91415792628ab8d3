using System.Buffers.Binary;
using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Generic;
using DropWatch.Testing;
using NetlinkConst = DropWatch.Netlink.Wire.Netlink;

namespace DropWatch.Fuzz;

/// <summary>
/// Seed inputs: the datagrams and files captured from a real kernel (tests/fixtures/kernel), and synthetic
/// attribute trees for shapes no capture has (deep and wide nests, several messages in one datagram).
/// </summary>
internal static class Seeds
{
    public const ushort NetDmFamily = 0x1c;

    private static string KernelDirectory => Path.Combine(AppContext.BaseDirectory, "Seeds", "kernel");

    /// <summary>The captured datagram in <c>NAME.hex</c>.</summary>
    public static byte[] Captured(string name) => Hex.Parse(File.ReadAllText(Path.Combine(KernelDirectory, name + ".hex")));

    public static byte[] CapturedFile(string name) => File.ReadAllBytes(Path.Combine(KernelDirectory, name));

    /// <summary>Every captured datagram.</summary>
    public static IEnumerable<byte[]> AllCaptured() =>
        Directory.GetFiles(KernelDirectory, "*.hex").Order(StringComparer.Ordinal)
            .Select(f => Hex.Parse(File.ReadAllText(f)));

    /// <summary>A 16,000-deep chain of nests (nla_len is a u16, so this is about as deep as one message allows).</summary>
    public static byte[] DeepNest(int depth = 16_000)
    {
        var b = new MessageBuilder(NetDmFamily, 0, 0, 0).Genl(NetDm.CmdPacketAlert, 2);
        for (int i = 0; i < depth; i++) b.BeginNest((ushort)(NetDm.AttrInPort | NetlinkConst.AttributeNested));
        b.AttrU32(NetDm.AttrPortIfIndex, 7);
        for (int i = 0; i < depth; i++) b.EndNest();
        return b.Build();
    }

    /// <summary>A hardware summary with the kernel's 64 entries, and one with nests inside the entries.</summary>
    public static IEnumerable<byte[]> WideTrees()
    {
        yield return KernelMessages.HardwareSummary(NetDmFamily,
            [.. Enumerable.Range(0, 64).Select(i => ($"trap_{i}", (uint)i))]);
        yield return KernelMessages.SummaryAlert(NetDmFamily,
            [.. Enumerable.Range(0, 64).Select(i => (0xffffffff81000000UL + (ulong)i * 16, (uint)i))]);
        yield return new MessageBuilder(NetDmFamily, 0, 0, 0).Genl(NetDm.CmdAlert, 2)
            .Attr(NetDm.AttrLegacyAlert, [0, 0, 0, 0])
            .BeginNest(NetDm.AttrHwEntries)
                .BeginNest(NetDm.AttrHwEntry).BeginNest(NetDm.AttrHwTrapName).AttrString(1, "x").EndNest().EndNest()
                .BeginNest(NetDm.AttrHwEntry).AttrString(NetDm.AttrHwTrapName, "").AttrU32(NetDm.AttrHwTrapCount, 1).EndNest()
            .EndNest().Build();
    }

    /// <summary>Packet alerts as current kernels send them, with and without optional fields.</summary>
    public static IEnumerable<byte[]> PacketAlerts()
    {
        yield return Captured("packet_alert_udp");
        yield return KernelMessages.SoftwarePacketAlert(NetDmFamily, 0xffffffff81a0b0c0, "kfree_skb_reason+0x10/0x80", 1_700_000_000_000_000_000, ifIndex: 2, payloadLength: 64);
        yield return KernelMessages.SoftwarePacketAlert(NetDmFamily, 1, "", 0, reason: null, payloadLength: 0);
        yield return new MessageBuilder(NetDmFamily, 0, 0, 0).Genl(NetDm.CmdPacketAlert, 2)
            .AttrU16(NetDm.AttrOrigin, 1)
            .AttrString(NetDm.AttrHwTrapGroupName, "l2_drops").AttrString(NetDm.AttrHwTrapName, "ingress_vlan_filter")
            .BeginNest(NetDm.AttrInPort).AttrU32(NetDm.AttrPortIfIndex, 3).AttrString(NetDm.AttrPortName, "swp1").EndNest()
            .Attr(NetDm.AttrFlowActionCookie, [1, 2, 3, 4, 5]).AttrU64(NetDm.AttrTimestamp, 5).AttrU32(NetDm.AttrOrigLen, 9)
            .AttrU16(NetDm.AttrProto, 0x86dd).Attr(NetDm.AttrPayload, new byte[9]).Build();
    }

    /// <summary>Several messages in one datagram: an alert after an error, a family reply after an ack.</summary>
    public static IEnumerable<byte[]> MultiMessage()
    {
        yield return MessageBuilder.Datagram(Captured("alert_summary_1"), Captured("alert_summary_2"));
        yield return MessageBuilder.Datagram(Captured("start_ack"), Captured("packet_alert_udp"));
        yield return MessageBuilder.Datagram(Captured("getfamily_net_dm_reply"), Captured("getfamily_net_dm_ack"));
    }

    /// <summary>Every netlink-shaped seed, captured and synthetic.</summary>
    public static List<byte[]> AllNetlink()
    {
        List<byte[]> all = [.. AllCaptured(), .. WideTrees(), .. PacketAlerts(), .. MultiMessage(), DeepNest(),
            KernelMessages.NetDmFamily(NetDmFamily, 1, 2),
            KernelMessages.Error(-16, 5, 99, NetDmFamily, "drop_monitor: Cannot configure drop monitor during monitoring")];
        return all;
    }

    /// <summary>Rewrites the sequence number of every message in <paramref name="datagram"/> (as far as its framing holds).</summary>
    public static void SetSequences(Span<byte> datagram, uint sequence, bool xor)
    {
        int at = 0;
        while (datagram.Length - at >= NetlinkConst.HeaderLength)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(datagram[at..]);
            Span<byte> seq = datagram.Slice(at + 8, 4);
            uint value = xor ? BinaryPrimitives.ReadUInt32LittleEndian(seq) ^ sequence : sequence;
            BinaryPrimitives.WriteUInt32LittleEndian(seq, value);
            if (length < NetlinkConst.HeaderLength || length > datagram.Length - at) return;
            at += (int)((length + 3) & ~3u);
        }
    }

    /// <summary>The controller's id, for seeds of family replies.</summary>
    public const ushort ControllerId = Controller.FamilyId;
}
