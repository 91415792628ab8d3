using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Core.Tests.DropMonitor;

public class AlertDecoderTests
{
    private const ushort Family = 0x1c;

    private static RecordingHandler Decode(byte[] datagram)
    {
        var h = new RecordingHandler();
        var r = new MessageReader(datagram);
        while (r.TryRead(out NetlinkMessage m))
            Assert.True(AlertDecoder.Dispatch(m, Family, h));
        return h;
    }

    [Fact]
    public void SummaryAlertWithOnePointMatchesTheKernelLayout()
    {
        byte[] bytes = Hex.Parse("""
            28 00 00 00  1c 00  00 00  00 00 00 00  00 00 00 00   # len 40 = 28 + 12, multicast: seq 0 pid 0
            01 02 00 00                                           # NET_DM_CMD_ALERT, version 2
            14 00 00 00                                           # nla_len 20, type 0 (legacy struct)
            01 00 00 00                                           # entries 1
            91 c4 2a 96 ff ff ff ff                               # pc 0xffffffff962ac491
            5d 00 00 00                                           # count 93
            """);
        Assert.Equal(Hex.Format(KernelMessages.SummaryAlert(Family, (0xffffffff962ac491, 93))), Hex.Format(bytes));
        RecordingHandler h = Decode(bytes);
        Assert.Equal([new SoftwareDrop(0xffffffff962ac491, 93)], h.Software);
        Assert.Equal(0, h.FullTables);
    }

    [Fact]
    public void SummaryAlertWithZeroPointsPrintsNothing()
    {
        RecordingHandler h = Decode(KernelMessages.SummaryAlert(Family));
        Assert.Empty(h.Software);
    }

    [Fact]
    public void SixtyFourPointsAreAllDeliveredAndFlagAFullTable()
    {
        var points = Enumerable.Range(0, 64).Select(i => (0xffffffff81000000UL + (ulong)i * 16, (uint)i + 1)).ToArray();
        RecordingHandler h = Decode(KernelMessages.SummaryAlert(Family, points));
        Assert.Equal(64, h.Software.Count);
        Assert.Equal(points.Select(p => new SoftwareDrop(p.Item1, p.Item2)), h.Software);
        Assert.Equal(1, h.FullTables);
    }

    [Fact]
    public void EntriesBeyondTheAttributeAreMalformed()
    {
        byte[] bytes = KernelMessages.SummaryAlert(Family, (0x1234, 1));
        bytes[24] = 2; // claims two entries, carries one
        Assert.Throws<NetlinkFormatException>(() => Decode(bytes));
    }

    [Fact]
    public void HardwareSummaryEntriesAreDelivered()
    {
        RecordingHandler h = Decode(KernelMessages.HardwareSummary(Family, ("ttl_value_is_too_small", 10), ("fid_miss", 3)));
        Assert.Empty(h.Software);
        Assert.Equal([("ttl_value_is_too_small", 10u), ("fid_miss", 3u)], h.Hardware);
    }

    [Fact]
    public void HardwareEntryWithoutCountIsSkippedAndTheRestKept()
    {
        byte[] bytes = new MessageBuilder(Family, 0, 0, 0).Genl(NetDm.CmdAlert, 2)
            .Attr(0, [0, 0, 0, 0])
            .BeginNest(NetDm.AttrHwEntries)
                .BeginNest(NetDm.AttrHwEntry).AttrString(NetDm.AttrHwTrapName, "broken").EndNest()
                .BeginNest(NetDm.AttrHwEntry).AttrString(NetDm.AttrHwTrapName, "ok").AttrU32(NetDm.AttrHwTrapCount, 4).EndNest()
            .EndNest().Build();
        Assert.Equal([("ok", 4u)], Decode(bytes).Hardware);
    }

    [Fact]
    public void SoftwarePacketAlertFieldsAreDecoded()
    {
        byte[] bytes = KernelMessages.SoftwarePacketAlert(Family, 0xffffffff8a1b2c3d, "__udp4_lib_rcv+0x9f/0xb80", 1_700_000_000_123_456_789,
            reason: "NO_SOCKET", ifIndex: 1, payloadLength: 128);
        RecordingHandler h = Decode(bytes);
        Assert.Equal(["pc=ffffffff8a1b2c3d sym=__udp4_lib_rcv+0x9f/0xb80 origin=0 if=1 ts=1700000000123456789 proto=800 len=128 orig=128 reason=NO_SOCKET"], h.Packets);
    }

    [Fact]
    public void PacketAlertWithoutOptionalAttributesLeavesThemUnset()
    {
        byte[] bytes = KernelMessages.SoftwarePacketAlert(Family, 0x10, "x", 5, reason: null, ifIndex: null, payloadLength: 0);
        RecordingHandler h = Decode(bytes);
        Assert.Equal(["pc=10 sym=x origin=0 if=-1 ts=5 proto=- len=-1 orig=0 reason="], h.Packets);
    }

    [Fact]
    public void UnknownAttributesAreSkipped()
    {
        byte[] bytes = new MessageBuilder(Family, 0, 0, 0).Genl(NetDm.CmdPacketAlert, 2)
            .AttrU32(200, 7)
            .AttrU16(NetDm.AttrOrigin, 1)
            .AttrString(NetDm.AttrHwTrapGroupName, "l3_drops")
            .AttrString(NetDm.AttrHwTrapName, "ttl_value_is_too_small")
            .Build();
        RecordingHandler h = Decode(bytes);
        Assert.Single(h.Packets);
        Assert.Contains("origin=1", h.Packets[0]);
    }

    [Fact]
    public void OtherFamiliesAreIgnored()
    {
        var h = new RecordingHandler();
        var r = new MessageReader(KernelMessages.SummaryAlert(0x30, (1, 1)));
        r.TryRead(out NetlinkMessage m);
        Assert.False(AlertDecoder.Dispatch(m, Family, h));
        Assert.Empty(h.Software);
    }
}
