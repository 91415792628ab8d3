using DropWatch.Cli.Capture;
using DropWatch.Cli.Output;

namespace DropWatch.Cli.Tests.Capture;

/// <summary>The dwdump-compatible pcap: bytes laid out by hand from the pcap and LINKTYPE_NETLINK specifications.</summary>
public class PcapNetlinkWriterTests
{
    private static byte[] Write(uint snap, Action<PcapNetlinkWriter> write)
    {
        var stream = new MemoryStream();
        var output = new OutputBuffer(stream);
        write(new PcapNetlinkWriter(output, snap));
        output.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void FileHeaderIsPcap24WithNetlinkLinkType()
    {
        byte[] bytes = Write(0x107ff, w => w.WriteFileHeader());
        Assert.Equal(new byte[]
        {
            0xd4, 0xc3, 0xb2, 0xa1, // magic, host (little-endian) order: microsecond timestamps
            0x02, 0x00, 0x04, 0x00, // version 2.4
            0, 0, 0, 0,             // thiszone
            0, 0, 0, 0,             // sigfigs
            0xff, 0x07, 0x01, 0x00, // snaplen 0x107ff = 65535 + 2048
            0xfd, 0x00, 0x00, 0x00, // linktype 253 NETLINK
        }, bytes);
    }

    [Fact]
    public void RecordHasMicrosecondTimeBothLengthsCookedHeaderAndTheDatagram()
    {
        ulong ts = 1_700_000_000UL * 1_000_000_000 + 123_456_789; // .123456789 s → 123456 µs
        byte[] bytes = Write(0x107ff, w => w.WriteRecord(ts, [1, 2, 3, 4, 5]));
        Assert.Equal(new byte[]
        {
            0x00, 0xf1, 0x53, 0x65, // ts_sec 1700000000
            0x40, 0xe2, 0x01, 0x00, // ts_usec 123456
            21, 0, 0, 0,            // caplen = 16 + 5
            21, 0, 0, 0,            // len
            0x00, 0x04,             // pkttype PACKET_OUTGOING (big-endian)
            0x03, 0x38,             // hatype ARPHRD_NETLINK 824
            0x00, 0x00,             // halen
            0, 0, 0, 0, 0, 0, 0, 0, // address
            0x00, 0x10,             // protocol AF_NETLINK 16
            1, 2, 3, 4, 5,
        }, bytes);
    }

    [Fact]
    public void ARecordCutAtTheSnapLengthKeepsItsRealLength()
    {
        // dwdump stored len = caplen: a reader could not tell the record was cut.
        byte[] bytes = Write(20, w => w.WriteRecord(0, new byte[10]));
        Assert.Equal(16 + 20, bytes.Length);
        Assert.Equal(20u, BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(26u, BitConverter.ToUInt32(bytes, 12));
    }
}
