using DropWatch.Native;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;

namespace DropWatch.Netlink.Tests.Host;

/// <summary>
/// The real NETLINK_GENERIC socket against this machine's kernel. Every kernel has the
/// controller (nlctrl), so these run anywhere; this host's kernel has no NET_DM.
/// </summary>
public class RealSocketTests
{
    [Fact]
    public void ResolvesTheControllerItself()
    {
        using var channel = new RequestChannel(NetlinkSocket.Open());
        FamilyInfo nlctrl = FamilyResolver.Resolve(channel, "nlctrl");
        Assert.Equal(Controller.FamilyId, nlctrl.Id);
        Assert.Equal(0x10u, nlctrl.MulticastGroups["notify"]);
        Assert.NotEqual(0u, channel.Transport.PortId);
    }

    [Fact]
    public void MissingFamilyIsEnoentFromTheKernel()
    {
        using var channel = new RequestChannel(NetlinkSocket.Open());
        var e = Assert.Throws<NetlinkException>(() => FamilyResolver.Resolve(channel, "NO_SUCH_FAMILY"));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.True(e.FromKernel);
        Assert.Equal("No such file or directory", e.ErrnoText);
    }

    [Fact]
    public void WakeInterruptsABlockedReceiveAndAnEmptyQueueTimesOut()
    {
        using NetlinkSocket socket = NetlinkSocket.Open();
        byte[] buffer = new byte[4096];
        Assert.Equal(ReceiveStatus.TimedOut, socket.Receive(buffer, 0).Status);
        Assert.Equal(ReceiveStatus.TimedOut, socket.Receive(buffer, 20).Status);

        var waker = new Thread(() => { Thread.Sleep(100); socket.Wake(); });
        waker.Start();
        Assert.Equal(ReceiveStatus.Woken, socket.Receive(buffer, 10_000).Status);
        waker.Join();
        Assert.Equal(ReceiveStatus.TimedOut, socket.Receive(buffer, 0).Status);
    }

    [Fact]
    public void JoinsAGroupAndReportsItsBufferAndDropCounter()
    {
        using NetlinkSocket socket = NetlinkSocket.Open();
        socket.JoinGroup(0x10); // nlctrl "notify": any process may join it
        Assert.True(socket.SetReceiveBufferSize(1 << 20) >= 1 << 20);
        Assert.Equal(0, socket.ReadDropCount());
        socket.LeaveGroup(0x10);
    }
}
