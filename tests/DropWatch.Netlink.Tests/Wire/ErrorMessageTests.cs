using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Netlink.Tests.Wire;

public class ErrorMessageTests
{
    [Fact]
    public void AckHasErrorZeroAndTheRequestSequence()
    {
        byte[] ack = KernelMessages.Ack(77, 1234);
        var r = new MessageReader(ack);
        Assert.True(r.TryRead(out NetlinkMessage m));
        Assert.True(m.IsError);
        ErrorMessage e = ErrorMessage.Parse(m);
        Assert.Equal(0, e.Error);
        Assert.Equal(77u, e.RequestSequence);
        Assert.True(e.ExtAckMessage.IsEmpty);
    }

    [Fact]
    public void ErrorCarriesTheExtendedAckText()
    {
        byte[] bytes = KernelMessages.Error(-16, 5, 99, 0x1c, "drop_monitor: Cannot configure drop monitor during monitoring");
        var r = new MessageReader(bytes);
        r.TryRead(out NetlinkMessage m);
        ErrorMessage e = ErrorMessage.Parse(m);
        Assert.Equal(-16, e.Error);
        Assert.Equal("drop_monitor: Cannot configure drop monitor during monitoring", System.Text.Encoding.UTF8.GetString(e.ExtAckMessage));
    }

    [Fact]
    public void UncappedErrorSkipsTheEchoedRequestBeforeTheTlvs()
    {
        // An error without NLM_F_CAPPED echoes the whole 24-byte request; the TLVs follow it.
        var b = new MessageBuilder(2, 0x200, 9, 1);
        b.Raw(Hex.Parse("""
            f5 ff ff ff                                       # error -11 (EAGAIN)
            18 00 00 00 1c 00 05 00 09 00 00 00 00 00 00 00   # echoed nlmsghdr, len 24
            03 01 00 00 04 00 14 00                           # echoed genl header + SW_DROPS
            """));
        b.AttrString(1, "drop_monitor: Trace state already set to requested state");
        var r = new MessageReader(b.Build());
        r.TryRead(out NetlinkMessage m);
        ErrorMessage e = ErrorMessage.Parse(m);
        Assert.Equal(-11, e.Error);
        Assert.Equal(9u, e.RequestSequence);
        Assert.Equal("drop_monitor: Trace state already set to requested state", System.Text.Encoding.UTF8.GetString(e.ExtAckMessage));
    }

    [Fact]
    public void TooShortErrorIsMalformed()
    {
        byte[] bytes = new MessageBuilder(2, 0, 1, 1).Raw([0, 0, 0, 0]).Build();
        Assert.Throws<NetlinkFormatException>(() =>
        {
            var r = new MessageReader(bytes);
            r.TryRead(out NetlinkMessage m);
            return ErrorMessage.Parse(m).Error;
        });
    }
}
