using DropWatch.Native;
using DropWatch.Netlink.Generic;
using DropWatch.Testing;

namespace DropWatch.Netlink.Tests.Generic;

public class FamilyRequestTests
{
    [Fact]
    public void GetFamilyRequestForNetDmMatchesTheKernelLayout()
    {
        byte[] expected = Hex.Parse("""
            20 00 00 00   # nlmsg_len 32
            10 00         # nlmsg_type GENL_ID_CTRL
            05 00         # NLM_F_REQUEST | NLM_F_ACK
            2a 00 00 00   # nlmsg_seq 42
            00 00 00 00   # nlmsg_pid 0 (kernel fills it)
            03 01 00 00   # genl: CTRL_CMD_GETFAMILY, version 1
            0b 00 02 00   # nla_len 11, CTRL_ATTR_FAMILY_NAME
            4e 45 54 5f 44 4d 00 00   # "NET_DM\0" + 1 byte padding
            """);
        Span<byte> buffer = stackalloc byte[64];
        int length = FamilyResolver.BuildRequest(buffer, 42, "NET_DM");
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer[..length]));
    }

    [Fact]
    public void ResolvesNetDmAndItsEventsGroupThroughTheFakeKernel()
    {
        var kernel = new FakeKernel { NetDmFamilyId = 0x1d };
        using var channel = new RequestChannel(kernel.Open());
        FamilyInfo family = FamilyResolver.Resolve(channel, "NET_DM");
        Assert.Equal(0x1d, family.Id);
        Assert.Equal(2u, family.Version);
        Assert.Equal(1u, family.MulticastGroups["events"]);
    }

    [Fact]
    public void UnknownFamilyIsEnoentFromTheKernel()
    {
        var kernel = new FakeKernel { HasNetDm = false };
        using var channel = new RequestChannel(kernel.Open());
        var e = Assert.Throws<Transport.NetlinkException>(() => FamilyResolver.Resolve(channel, "NET_DM"));
        Assert.Equal(DropWatch.Native.Errno.ENOENT, e.Errno);
        Assert.True(e.FromKernel);
    }
}
