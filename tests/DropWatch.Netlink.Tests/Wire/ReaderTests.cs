using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Netlink.Tests.Wire;

public class ReaderTests
{
    [Fact]
    public void WalksSeveralMessagesInOneDatagram()
    {
        byte[] a = new MessageBuilder(0x20, 0, 7, 0).Genl(1, 2).AttrU32(5, 99).Build();
        byte[] b = new MessageBuilder(0x21, 2, 8, 0).Genl(2, 2).Build();
        var reader = new MessageReader(MessageBuilder.Datagram(a, b));

        Assert.True(reader.TryRead(out NetlinkMessage first));
        Assert.Equal(0x20, first.Type);
        Assert.Equal(7u, first.Sequence);
        Assert.True(reader.TryRead(out NetlinkMessage second));
        Assert.Equal(0x21, second.Type);
        Assert.Equal(2, second.Flags);
        Assert.False(reader.TryRead(out _));
    }

    [Theory]
    [InlineData("0f 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00")] // length below the header size
    [InlineData("40 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00")] // length beyond the datagram
    [InlineData("10 00 00 00 10 00 00")]                              // header cut short
    public void RejectsBadMessageLengths(string hex)
    {
        byte[] bytes = Hex.Parse(hex);
        Assert.Throws<NetlinkFormatException>(() =>
        {
            var r = new MessageReader(bytes);
            while (r.TryRead(out _)) { }
        });
    }

    [Fact]
    public void MasksNestedAndByteOrderFlagsAndKeepsTypeZero()
    {
        byte[] attrs = Hex.Parse("""
            08 00 00 80  01 00 00 00   # type 0 with NLA_F_NESTED, payload u32 1
            06 00 05 40  34 12 00 00   # type 5 with NLA_F_NET_BYTEORDER, u16 + padding
            """);
        var r = new AttributeReader(attrs);
        Assert.True(r.TryRead(out NetlinkAttribute zero));
        Assert.Equal(0, zero.Type);
        Assert.True(zero.IsNested);
        Assert.Equal(1u, zero.GetU32());
        Assert.True(r.TryRead(out NetlinkAttribute five));
        Assert.Equal(5, five.Type);
        Assert.Equal(0x1234, five.GetU16());
        Assert.False(r.TryRead(out _));
    }

    [Theory]
    [InlineData("03 00 01 00")]             // nla_len below the header
    [InlineData("10 00 01 00 00 00 00 00")] // nla_len beyond the data
    public void RejectsBadAttributeLengths(string hex)
    {
        byte[] bytes = Hex.Parse(hex);
        Assert.Throws<NetlinkFormatException>(() =>
        {
            var r = new AttributeReader(bytes);
            while (r.TryRead(out _)) { }
        });
    }

    [Fact]
    public void ShortPayloadForItsTypeIsMalformedNotACrash()
    {
        byte[] attrs = Hex.Parse("06 00 02 00 01 02 00 00"); // 2-byte payload read as u32
        Assert.Throws<NetlinkFormatException>(() =>
        {
            var r = new AttributeReader(attrs);
            r.TryRead(out NetlinkAttribute a);
            return a.GetU32();
        });
    }

    [Fact]
    public void ReadsUnalignedU64()
    {
        byte[] attrs = Hex.Parse("0c 00 05 00  ef cd ab 89 67 45 23 01");
        var r = new AttributeReader(attrs);
        Assert.True(r.TryRead(out NetlinkAttribute a));
        Assert.Equal(0x0123456789abcdefUL, a.GetU64());
    }
}
