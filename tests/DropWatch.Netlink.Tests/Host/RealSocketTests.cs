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
    public void WakeReachesAReceiveBlockedWithoutTimeoutAndIsReportedOnce()
    {
        // A wait without a timeout blocks in recvmsg itself; Wake reaches it with a NOOP to our own port.
        using NetlinkSocket socket = NetlinkSocket.Open();
        byte[] buffer = new byte[4096];
        var waker = new Thread(() => { Thread.Sleep(100); socket.Wake(); });
        waker.Start();
        Assert.Equal(ReceiveStatus.Woken, socket.Receive(buffer, -1).Status);
        waker.Join();
        // Neither half of that Wake is seen again: not the eventfd by a poll, not the NOOP by a read.
        Assert.Equal(ReceiveStatus.TimedOut, socket.Receive(buffer, 20).Status);
        Assert.Equal(ReceiveStatus.TimedOut, socket.Receive(buffer, 0).Status);

        // Woken by poll (a timeout), the NOOP queued by the same Wake is skipped by the next reads.
        socket.Wake();
        Assert.Equal(ReceiveStatus.Woken, socket.Receive(buffer, 5_000).Status);
        Assert.Equal(ReceiveStatus.TimedOut, socket.Receive(buffer, 0).Status);
        Span<ReceiveResult> results = stackalloc ReceiveResult[4];
        Assert.Equal(0, socket.ReceiveBatch(buffer, 1024, results));
    }

    [Fact]
    public unsafe void AnotherProcessesMessageIsNeverTakenForTheKernels()
    {
        // Any local process may send to our port; only the kernel's messages (sender port 0) are data.
        using NetlinkSocket socket = NetlinkSocket.Open();
        int stranger = LibC.Socket(16 /* AF_NETLINK */, 3 /* SOCK_RAW */, 16 /* NETLINK_GENERIC */);
        Assert.True(stranger >= 0);
        try
        {
            var to = new SockAddrNl { Family = 16, PortId = socket.PortId };
            // An nlmsghdr that would decode as a message of the NET_DM family id range.
            uint[] fake = [16, 0x1d, 0, 0];
            fixed (uint* p = fake)
            {
                Assert.Equal(16, (int)LibC.SendTo(stranger, p, 16, 0, &to, (uint)sizeof(SockAddrNl)));
                Assert.Equal(16, (int)LibC.SendTo(stranger, p, 16, 0, &to, (uint)sizeof(SockAddrNl)));
            }

            byte[] buffer = new byte[4096];
            Assert.Equal(ReceiveStatus.Woken, socket.Receive(buffer, -1).Status);
            Span<ReceiveResult> results = stackalloc ReceiveResult[4];
            Assert.Equal(1, socket.ReceiveBatch(buffer, 1024, results));
            Assert.Equal(ReceiveStatus.Woken, results[0].Status);
            Assert.Equal(ReceiveStatus.TimedOut, socket.Receive(buffer, 0).Status);
        }
        finally
        {
            LibC.Close(stranger);
        }
    }

    private struct SockAddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
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
