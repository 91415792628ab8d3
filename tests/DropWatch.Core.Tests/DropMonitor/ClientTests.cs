using DropWatch.Native;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Transport;
using DropWatch.Testing;

namespace DropWatch.Core.Tests.DropMonitor;

public class ClientTests
{
    [Fact]
    public void ConnectJoinsTheEventsGroupWithTheRequestedBuffer()
    {
        var kernel = new FakeKernel();
        using var client = DropMonitorClient.Connect(kernel.Open, 4 << 20);
        Assert.Equal(kernel.NetDmFamilyId, client.Family.Id);
        Assert.Equal(8 << 20, client.GrantedReceiveBuffer);
    }

    [Fact]
    public void JoinRefusedIsEperm()
    {
        var kernel = new FakeKernel { AllowGroupJoin = false };
        var e = Assert.Throws<NetlinkException>(() => DropMonitorClient.Connect(kernel.Open, 1 << 20));
        Assert.Equal(Errno.EPERM, e.Errno);
        Assert.Equal(0, kernel.OpenSocketCount);
    }

    [Fact]
    public void StartTwiceIsEagainWithTheKernelsText()
    {
        var kernel = new FakeKernel();
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        client.Start(Origins.None);
        var e = Assert.Throws<NetlinkException>(() => client.Start(Origins.None));
        Assert.Equal(Errno.EAGAIN, e.Errno);
        Assert.Equal("drop_monitor: Trace state already set to requested state", e.KernelMessage);
        client.Stop(Origins.None);
        Assert.False(kernel.Monitoring);
    }

    [Fact]
    public void ConfigureWhileMonitoringIsEbusy()
    {
        var kernel = new FakeKernel();
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        client.Start(Origins.None);
        var e = Assert.Throws<NetlinkException>(() => client.Configure(mode: AlertMode.Packet));
        Assert.Equal(Errno.EBUSY, e.Errno);
    }

    [Fact]
    public void ConfigAndStatsRoundTrip()
    {
        var kernel = new FakeKernel { SoftwareTailDropped = 4810 };
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        client.Configure(mode: AlertMode.Packet, truncation: 64, queueLength: 100);
        Assert.Equal(new DropMonitorConfig(1, 64, 100), client.GetConfig());
        Assert.Equal(new DropMonitorStats(4810, 0), client.GetStats());
    }

    [Fact]
    public void AlertsOverrunsAndMalformedDatagramsAreCounted()
    {
        var kernel = new FakeKernel();
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        kernel.Multicast(KernelMessages.SummaryAlert(kernel.NetDmFamilyId, (0xffffffff81000010, 3)));
        kernel.Overrun();
        kernel.Multicast([1, 2, 3]);
        var h = new RecordingHandler();
        while (client.ReceiveAlerts(h, 0) != ReceiveStatus.TimedOut) { }
        Assert.Equal([new SoftwareDrop(0xffffffff81000010, 3)], h.Software);
        Assert.Equal(1, client.Losses.SocketOverruns);
        Assert.Equal(1, client.Losses.MalformedDatagrams);
    }

    [Fact]
    public void DiscardPendingDropsStaleAlerts()
    {
        var kernel = new FakeKernel();
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        kernel.Multicast(KernelMessages.SummaryAlert(kernel.NetDmFamilyId, (1, 1)));
        client.DiscardPending();
        var h = new RecordingHandler();
        Assert.Equal(ReceiveStatus.TimedOut, client.ReceiveAlerts(h, 0));
        Assert.Empty(h.Software);
    }

    [Fact]
    public void MalformedConfigReplyFailsTheRequestAndTheSessionGoesOn()
    {
        // The example: a CONFIG reply whose ALERT_MODE attribute has length 4 (no payload).
        bool broken = true;
        var kernel = new FakeKernel();
        kernel.ReplyOverride = r => broken && r.Command == NetDm.CmdConfigGet
            ? [new MessageBuilder(kernel.NetDmFamilyId, 0, r.Sequence, r.PortId).Genl(NetDm.CmdConfigNew, 2)
                   .Attr(NetDm.AttrAlertMode, []).Build(),
               KernelMessages.Ack(r.Sequence, r.PortId, kernel.NetDmFamilyId)]
            : null;
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);

        var e = Assert.Throws<NetlinkException>(() => client.GetConfig());
        Assert.Equal(Errno.EBADMSG, e.Errno);
        Assert.Equal("malformed reply: attribute 1 has 0 payload bytes, needs 1", e.KernelMessage);

        broken = false;
        Assert.Equal(new DropMonitorConfig(0, 0, 1000), client.GetConfig());
        client.Start(Origins.None);
        Assert.True(kernel.Monitoring);
    }

    [Fact]
    public void MalformedStatsReplyFailsTheRequest()
    {
        var kernel = new FakeKernel();
        kernel.ReplyOverride = r => r.Command == NetDm.CmdStatsGet
            ? [new MessageBuilder(kernel.NetDmFamilyId, 0, r.Sequence, r.PortId).Genl(NetDm.CmdStatsNew, 2)
                   .BeginNest(NetDm.AttrStats).AttrU32(NetDm.AttrStatsDropped, 1).EndNest().Build(),
               KernelMessages.Ack(r.Sequence, r.PortId, kernel.NetDmFamilyId)]
            : null;
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        var e = Assert.Throws<NetlinkException>(() => client.GetStats());
        Assert.Equal(Errno.EBADMSG, e.Errno);
    }

    [Fact]
    public void MalformedFamilyReplyFailsConnectWithANetlinkErrorAndClosesTheSocket()
    {
        var kernel = new FakeKernel
        {
            ReplyOverride = r => r.Type == Netlink.Generic.Controller.FamilyId ? [[1, 2, 3]] : null,
        };
        var e = Assert.Throws<NetlinkException>(() => DropMonitorClient.Connect(kernel.Open, 1 << 20));
        Assert.Equal(Errno.EBADMSG, e.Errno);
        Assert.Equal(0, kernel.OpenSocketCount);
    }

    [Fact]
    public void TruncatedDatagramIsCountedOnceAsTruncated()
    {
        // A packet alert longer than the receive buffer arrives cut. It is one lost alert, so it must not
        // count as truncated and malformed both (the loss total said 2).
        var kernel = new FakeKernel();
        using var client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        byte[] huge = new byte[DropMonitorClient.ReceiveBufferLength + 4096];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(huge, (uint)huge.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(huge.AsSpan(4), kernel.NetDmFamilyId);
        huge[16] = NetDm.CmdPacketAlert;

        client.BeginSession();
        kernel.Multicast(huge);
        kernel.Multicast(KernelMessages.SummaryAlert(kernel.NetDmFamilyId, (0xffffffff81000010, 3)));
        var h = new RecordingHandler();
        while (client.ReceiveAlerts(h, 0) != ReceiveStatus.TimedOut) { }

        Assert.Equal([new SoftwareDrop(0xffffffff81000010, 3)], h.Software);
        Assert.Equal(1, client.Losses.TruncatedDatagrams);
        Assert.Equal(0, client.Losses.MalformedDatagrams);
        client.EndSession();
        Assert.Equal(1, client.Losses.AlertsLost);
    }
}
