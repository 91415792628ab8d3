using System.Text;
using DropWatch.Cli.Capture;
using DropWatch.Cli.Output;

namespace DropWatch.Cli.Tests.Capture;

/// <summary>pcapng blocks against bytes laid out by hand from the pcapng specification (draft-ietf-opsawg-pcapng).</summary>
public class PcapngWriterTests
{
    private static byte[] Write(Action<PcapngWriter> write)
    {
        var stream = new MemoryStream();
        var output = new OutputBuffer(stream);
        write(new PcapngWriter(output));
        output.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void SectionHeaderBlock()
    {
        byte[] bytes = Write(w => w.WriteSectionHeader("dw"));
        Assert.Equal(new byte[]
        {
            0x0A, 0x0D, 0x0D, 0x0A, // block type SHB
            40, 0, 0, 0,            // total length
            0x4D, 0x3C, 0x2B, 0x1A, // byte-order magic
            1, 0, 0, 0,             // version 1.0
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // section length unknown
            4, 0, 2, 0, (byte)'d', (byte)'w', 0, 0,          // shb_userappl "dw", padded to 4
            0, 0, 0, 0,             // opt_endofopt
            40, 0, 0, 0,            // total length again
        }, bytes);
    }

    [Fact]
    public void InterfaceDescriptionBlockWithNameAndNanosecondResolution()
    {
        byte[] bytes = Write(w => w.WriteInterface(1, "eth0"u8));
        Assert.Equal(new byte[]
        {
            1, 0, 0, 0,             // block type IDB
            40, 0, 0, 0,
            1, 0, 0, 0,             // link type 1 (Ethernet), reserved
            0, 0, 0, 0,             // snaplen 0: no limit
            2, 0, 4, 0, (byte)'e', (byte)'t', (byte)'h', (byte)'0', // if_name, exactly 4: no padding
            9, 0, 1, 0, 9, 0, 0, 0, // if_tsresol 9 (ns), padded
            0, 0, 0, 0,
            40, 0, 0, 0,
        }, bytes);
    }

    [Fact]
    public void EnhancedPacketBlockSplitsTheTimestampAndPadsDataAndComment()
    {
        byte[] bytes = Write(w => w.WritePacket(2, 0x0000_0001_0000_0002, [], [0xa, 0xb, 0xc, 0xd, 0xe], 60, "abc"u8));
        Assert.Equal(new byte[]
        {
            6, 0, 0, 0,             // block type EPB
            52, 0, 0, 0,
            2, 0, 0, 0,             // interface id
            1, 0, 0, 0,             // timestamp, high 32 bits
            2, 0, 0, 0,             // timestamp, low 32 bits
            5, 0, 0, 0,             // captured length
            60, 0, 0, 0,            // original length
            0xa, 0xb, 0xc, 0xd, 0xe, 0, 0, 0, // data, padded to 8
            1, 0, 3, 0, (byte)'a', (byte)'b', (byte)'c', 0, // opt_comment, padded
            0, 0, 0, 0,
            52, 0, 0, 0,
        }, bytes);
    }

    [Fact]
    public void APrefixCountsInTheCapturedLengthAndAnOriginalShorterThanCapturedIsRaised()
    {
        byte[] bytes = Write(w => w.WritePacket(0, 0, [1, 2, 3], [4], 2, default));
        var blocks = PcapngBlocks.Read(bytes);
        PcapngBlocks.Block epb = Assert.Single(blocks);
        Assert.Equal(4u, BitConverter.ToUInt32(epb.Body, 12));
        Assert.Equal(4u, BitConverter.ToUInt32(epb.Body, 16));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, epb.Body[20..24]);
        Assert.Empty(epb.Options);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(1500)]
    public void EveryBlockLengthIsAMultipleOfFourForAnyDataAndCommentLength(int length)
    {
        string comment = new('x', length % 7);
        byte[] bytes = Write(w =>
        {
            w.WriteSectionHeader(new string('a', length % 5));
            w.WriteInterface(113, Encoding.ASCII.GetBytes(new string('n', length % 6)));
            w.WritePacket(0, 1, [], new byte[length], (uint)length, Encoding.ASCII.GetBytes(comment));
        });
        var blocks = PcapngBlocks.Read(bytes);
        Assert.Equal(new uint[] { 0x0A0D0D0A, 1, 6 }, blocks.Select(b => b.Type));
        if (comment.Length > 0)
            Assert.Equal(comment, Encoding.ASCII.GetString(Assert.Single(blocks[2].Options).Value));
    }
}
