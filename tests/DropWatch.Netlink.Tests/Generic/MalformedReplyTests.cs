using DropWatch.Native;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Netlink.Tests.Generic;

/// <summary>
/// A reply the tool cannot decode fails its request with a <see cref="NetlinkException"/>, like any other
/// failed request, so the callers' one catch turns it into an error message instead of a crash.
/// </summary>
public class MalformedReplyTests
{
    [Fact]
    public void FamilyReplyWithAShortAttributeFailsTheLookup()
    {
        // CTRL_ATTR_FAMILY_ID with no payload: the reply callback's decoder rejects it.
        var kernel = new FakeKernel
        {
            ReplyOverride = r =>
            [
                new MessageBuilder(Controller.FamilyId, 0, r.Sequence, r.PortId).Genl(Controller.CommandNewFamily, 2)
                    .AttrString(Controller.AttrFamilyName, "NET_DM").Attr(Controller.AttrFamilyId, []).Build(),
                KernelMessages.Ack(r.Sequence, r.PortId),
            ],
        };
        using var channel = new RequestChannel(kernel.Open());
        var e = Assert.Throws<NetlinkException>(() => FamilyResolver.Resolve(channel, "NET_DM"));
        Assert.Equal(Errno.EBADMSG, e.Errno);
        Assert.False(e.FromKernel);
        Assert.Equal("malformed reply: attribute 1 has 0 payload bytes, needs 2", e.KernelMessage);
        Assert.StartsWith("resolve generic netlink family NET_DM: ", e.Message);
        Assert.IsType<NetlinkFormatException>(e.InnerException);
    }

    [Fact]
    public void AckWithoutAFamilyDescriptionFailsTheLookup()
    {
        var kernel = new FakeKernel { ReplyOverride = r => [KernelMessages.Ack(r.Sequence, r.PortId)] };
        using var channel = new RequestChannel(kernel.Open());
        var e = Assert.Throws<NetlinkException>(() => FamilyResolver.Resolve(channel, "NET_DM"));
        Assert.Equal(Errno.EBADMSG, e.Errno);
        Assert.Contains("without describing the family", e.KernelMessage);
    }

    [Theory]
    [InlineData("01 02 03")]                                        // shorter than a netlink header
    [InlineData("ff 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00")] // nlmsg_len past the datagram
    public void BrokenFramingFailsTheRequest(string datagram)
    {
        var kernel = new FakeKernel { ReplyOverride = _ => [Hex.Parse(datagram)] };
        using var channel = new RequestChannel(kernel.Open());
        var e = Assert.Throws<NetlinkException>(() => FamilyResolver.Resolve(channel, "NET_DM"));
        Assert.Equal(Errno.EBADMSG, e.Errno);
    }

    [Fact]
    public void MalformedErrorAckFailsTheRequest()
    {
        // The error ack of ErrorMessageTests.EchoedLengthNearIntMaxIsMalformedNotAnOverflow, answering our sequence.
        var kernel = new FakeKernel
        {
            ReplyOverride = r =>
            {
                byte[] ack = Hex.Parse("24000000 0200 0002 00000000 00000000 ffffffff 00000080 00000000 00000000 00000000");
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(ack.AsSpan(8), r.Sequence);
                return [ack];
            },
        };
        using var channel = new RequestChannel(kernel.Open());
        var e = Assert.Throws<NetlinkException>(() => FamilyResolver.Resolve(channel, "NET_DM"));
        Assert.Equal(Errno.EBADMSG, e.Errno);
    }

    [Fact]
    public void TheChannelServesTheNextRequestAfterAMalformedReply()
    {
        bool broken = true;
        var kernel = new FakeKernel();
        kernel.ReplyOverride = r => broken ? [Hex.Parse("01 02 03"), KernelMessages.Ack(r.Sequence, r.PortId)] : null;
        using var channel = new RequestChannel(kernel.Open());
        Assert.Throws<NetlinkException>(() => FamilyResolver.Resolve(channel, "NET_DM"));
        broken = false;
        // The first request's ack is still queued; it carries the old sequence and is skipped as stale.
        Assert.Equal(kernel.NetDmFamilyId, FamilyResolver.Resolve(channel, "NET_DM").Id);
    }
}
