using System.Text;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;
using DropWatch.Core.Tests.DropMonitor;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Wire;

namespace DropWatch.Core.Tests.RealKernel;

/// <summary>Our decoders and encoders against bytes captured from Debian's 6.1 kernel with drop_monitor loaded.</summary>
public class CapturedReplyTests
{
    private const ushort NetDmId = 0x20; // the id the kernel gave NET_DM on the capture boot

    [Fact]
    public void NetDmFamilyReplyNamesTheEventsGroup()
    {
        FamilyInfo f = KernelFixture.WithMessage("getfamily_net_dm_reply", m => FamilyReplyDecoder.Decode(m));
        Assert.Equal(("NET_DM", NetDmId, 2u, 23u), (f.Name, f.Id, f.Version, f.MaxAttribute));
        Assert.Equal(new Dictionary<string, uint> { ["events"] = 1 }, f.MulticastGroups);
    }

    [Fact]
    public void NlctrlFamilyReplyDecodes()
    {
        FamilyInfo f = KernelFixture.WithMessage("getfamily_nlctrl_reply", m => FamilyReplyDecoder.Decode(m));
        Assert.Equal(("nlctrl", (ushort)0x10), (f.Name, f.Id));
        Assert.Equal(0x10u, f.MulticastGroups["notify"]);
    }

    [Theory]
    [InlineData("start_ack", 0, "")]
    [InlineData("start_eagain_extack", -11, "drop_monitor: Trace state already set to requested state")]
    [InlineData("config_ebusy_extack", -16, "drop_monitor: Cannot configure drop monitor during monitoring")]
    [InlineData("stop_when_stopped_ack", 0, "drop_monitor: Trace state already set to requested state")]
    [InlineData("start_eperm_unprivileged", -1, "")]
    [InlineData("getfamily_enoent_error", -2, "")]
    public void ErrorsAndAcksCarryTheKernelsCodeAndText(string fixture, int error, string text)
    {
        var (code, message) = KernelFixture.WithMessage(fixture, m =>
        {
            Assert.True(m.IsError);
            ErrorMessage e = ErrorMessage.Parse(m);
            return (e.Error, Encoding.UTF8.GetString(e.ExtAckMessage));
        });
        Assert.Equal((error, text), (code, message));
    }

    [Fact]
    public void ConfigAndStatsRepliesDecode()
    {
        Assert.Equal(new DropMonitorConfig(0, 0, 1000), KernelFixture.WithMessage("config_new_reply", m => ReplyDecoder.DecodeConfig(m)));
        Assert.Equal(new DropMonitorConfig(1, 0, 1000), KernelFixture.WithMessage("config_new_packet_reply", m => ReplyDecoder.DecodeConfig(m)));
        Assert.Equal(new DropMonitorStats(0, 0), KernelFixture.WithMessage("stats_new_reply", m => ReplyDecoder.DecodeStats(m)));
    }

    [Fact]
    public void SummaryAlertsDecodeToTheCapturedDrops()
    {
        var one = new RecordingHandler();
        KernelFixture.WithMessage("alert_summary_1", m => AlertDecoder.Dispatch(m, NetDmId, one));
        Assert.Equal([new SoftwareDrop(0xffffffffac8bcae2, 50)], one.Software);

        var two = new RecordingHandler();
        KernelFixture.WithMessage("alert_summary_2", m => AlertDecoder.Dispatch(m, NetDmId, two));
        Assert.Equal([new SoftwareDrop(0xffffffffac8bcae2, 7), new SoftwareDrop(0xffffffffac8ac491, 3)], two.Software);
    }

    [Fact]
    public void CapturedPcsResolveWithTheCapturedKallsyms()
    {
        SymbolLoadResult loaded = KallsymsLoader.Load(KernelFixture.PathOf("kallsyms.txt"));
        Assert.True(loaded.Succeeded, loaded.Message);
        Assert.True(loaded.Table.TryFind(0xffffffffac8bcae2, out SymbolMatch udp));
        Assert.Equal(("__udp4_lib_rcv", 0x9a2UL), (udp.Name, udp.Offset));
        Assert.True(loaded.Table.TryFind(0xffffffffac8ac491, out SymbolMatch tcp));
        Assert.Equal(("tcp_v4_rcv", 0x81UL), (tcp.Name, tcp.Offset));
    }

    [Fact]
    public void PacketAlertCarriesReasonSymbolPortAndPayload()
    {
        var h = new RecordingHandler();
        KernelFixture.WithMessage("packet_alert_udp", m => AlertDecoder.Dispatch(m, NetDmId, h));
        string alert = Assert.Single(h.Packets);
        Assert.Contains("sym=__udp4_lib_rcv+0x9a2/0xc30", alert);
        Assert.Contains("origin=0 if=1", alert);
        Assert.Contains("proto=800 len=55 orig=55 reason=NO_SOCKET", alert);
    }

    [Fact]
    public void OurRequestsMatchWhatTheKernelAccepted()
    {
        // The probe's requests differ from ours only in the sequence number; build ours with the same one.
        byte[] start = KernelFixture.Bytes("start_request");
        uint seq = BitConverter.ToUInt32(start, 8);
        byte[] ours = new byte[NetDmRequests.MaxLength];
        int n = NetDmRequests.Start(ours, NetDmId, seq, Origins.None);
        Assert.Equal(Convert.ToHexString(start), Convert.ToHexString(ours, 0, n));

        byte[] getFamily = KernelFixture.Bytes("getfamily_net_dm_request");
        n = FamilyResolver.BuildRequest(ours, BitConverter.ToUInt32(getFamily, 8), "NET_DM");
        Assert.Equal(Convert.ToHexString(getFamily), Convert.ToHexString(ours, 0, n));

        byte[] config = KernelFixture.Bytes("config_packet_request");
        n = NetDmRequests.Config(ours, NetDmId, BitConverter.ToUInt32(config, 8), mode: AlertMode.Packet);
        Assert.Equal(Convert.ToHexString(config), Convert.ToHexString(ours, 0, n));
    }
}

/// <summary>The tracepoint's format file from the same Debian 6.1 kernel: a second real layout beside this host's 6.18.</summary>
public class CapturedTracepointFormatTests
{
    [Fact]
    public void Debian61FormatGivesOffsetsAndReasonNames()
    {
        var format = DropWatch.Core.Tracing.TracepointFormat.Parse(File.ReadAllText(KernelFixture.PathOf("kfree_skb.format")));
        Assert.NotNull(format.Reason);
        Assert.Equal(8, format.Location.Size);
        Assert.Equal("NOT_SPECIFIED", format.ReasonName(1));
        Assert.Equal("NO_SOCKET", format.ReasonName(2));
    }
}
