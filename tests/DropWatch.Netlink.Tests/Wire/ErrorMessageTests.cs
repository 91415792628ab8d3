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

    [Fact]
    public void EchoedLengthNearIntMaxIsMalformedNotAnOverflow()
    {
        // The 36-byte input: ACK_TLVS set, CAPPED clear, error -1, echoed nlmsg_len 0x80000000.
        // Aligning 4 + that length used to overflow int and slice with a negative offset.
        byte[] bytes = Hex.Parse("24000000 0200 0002 00000000 00000000 ffffffff 00000080 00000000 00000000 00000000");
        var e = Assert.Throws<NetlinkFormatException>(() => ParseOnly(bytes));
        Assert.Contains("echoed request claims 2147483648 bytes", e.Message);
    }

    [Theory]
    [InlineData(0x7ffffff9u)]
    [InlineData(0x7fffffffu)]
    [InlineData(0xffffffffu)]
    [InlineData(21u)] // one byte more than the error message holds
    public void EchoedRequestLongerThanTheErrorMessageIsMalformed(uint echoedLength)
    {
        byte[] bytes = UncappedError(echoedLength);
        Assert.Throws<NetlinkFormatException>(() => ParseOnly(bytes));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(15u)]
    public void EchoedLengthShorterThanANetlinkHeaderIsMalformed(uint echoedLength)
    {
        // Taken at its word, the TLVs would start inside the echoed header itself.
        byte[] bytes = UncappedError(echoedLength);
        var e = Assert.Throws<NetlinkFormatException>(() => ParseOnly(bytes));
        Assert.Contains("shorter than a netlink header", e.Message);
    }

    [Fact]
    public void EchoedHeaderWithoutBodyStillFindsTheTlvs()
    {
        // A 16-byte request (no genl header) echoed whole: the TLVs start right after it.
        var b = new MessageBuilder(2, 0x200, 9, 1);
        b.Raw(Hex.Parse("ea ff ff ff  10 00 00 00 1c 00 05 00 09 00 00 00 00 00 00 00"));
        b.AttrString(1, "bad request");
        var r = new MessageReader(b.Build());
        r.TryRead(out NetlinkMessage m);
        Assert.Equal("bad request", System.Text.Encoding.UTF8.GetString(ErrorMessage.Parse(m).ExtAckMessage));
    }

    // NLMSG_ERROR, flags ACK_TLVS only (body echoed), error -22, echoed header claiming echoedLength bytes,
    // then one extended-ack attribute.
    private static byte[] UncappedError(uint echoedLength)
    {
        var b = new MessageBuilder(2, 0x200, 9, 1);
        Span<byte> body = stackalloc byte[20];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(body, -22);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(body[4..], echoedLength);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(body[12..], 9);
        b.Raw(body);
        return b.Build();
    }

    private static int ParseOnly(byte[] bytes)
    {
        var r = new MessageReader(bytes);
        Assert.True(r.TryRead(out NetlinkMessage m));
        return ErrorMessage.Parse(m).Error;
    }
}
