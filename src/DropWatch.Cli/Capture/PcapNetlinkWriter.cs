using System.Buffers.Binary;
using DropWatch.Cli.Output;

namespace DropWatch.Cli.Capture;

/// <summary>
/// A classic pcap file of netlink datagrams, the format dwdump writes and Wireshark's netlink
/// dissector reads:
/// <code>
/// file header (24, host order): magic a1b2c3d4 | 2.4 | thiszone 0 | sigfigs 0 | snaplen | linktype 253 (NETLINK)
/// record header (16):           ts_sec | ts_usec | caplen | len
/// cooked header (16, big end.): pkttype 4 (outgoing) | hatype 824 (ARPHRD_NETLINK) | halen 0 | addr[8] 0 | protocol 16 (AF_NETLINK)
/// the datagram as received
/// </code>
/// Unlike dwdump, <c>len</c> is the record's real length, so a record cut at the snap length says so.
/// </summary>
public sealed class PcapNetlinkWriter(OutputBuffer output, uint snapLength)
{
    public const uint LinkTypeNetlink = 253;
    public const int FileHeaderLength = 24;
    public const int RecordHeaderLength = 16;
    public const int CookedHeaderLength = 16;

    private const ushort PacketOutgoing = 4;
    private const ushort ArphrdNetlink = 824;
    private const ushort AfNetlink = 16;

    public uint SnapLength => snapLength;

    public void WriteFileHeader()
    {
        Span<byte> h = output.GetSpan(FileHeaderLength)[..FileHeaderLength];
        BitConverter.TryWriteBytes(h[0..], 0xa1b2c3d4u);
        BitConverter.TryWriteBytes(h[4..], (ushort)2);
        BitConverter.TryWriteBytes(h[6..], (ushort)4);
        BitConverter.TryWriteBytes(h[8..], 0);
        BitConverter.TryWriteBytes(h[12..], 0u);
        BitConverter.TryWriteBytes(h[16..], snapLength);
        BitConverter.TryWriteBytes(h[20..], LinkTypeNetlink);
        output.Advance(FileHeaderLength);
    }

    /// <summary>One datagram, stamped <paramref name="timestampNs"/> (ns since the Unix epoch).</summary>
    public void WriteRecord(ulong timestampNs, ReadOnlySpan<byte> datagram)
    {
        uint length = (uint)(CookedHeaderLength + datagram.Length);
        uint captured = Math.Min(length, snapLength);
        Span<byte> h = output.GetSpan(RecordHeaderLength + CookedHeaderLength)[..(RecordHeaderLength + CookedHeaderLength)];
        BitConverter.TryWriteBytes(h[0..], (uint)(timestampNs / 1_000_000_000));
        BitConverter.TryWriteBytes(h[4..], (uint)(timestampNs % 1_000_000_000 / 1000));
        BitConverter.TryWriteBytes(h[8..], captured);
        BitConverter.TryWriteBytes(h[12..], length);
        Span<byte> cooked = h[RecordHeaderLength..];
        cooked.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(cooked[0..], PacketOutgoing);
        BinaryPrimitives.WriteUInt16BigEndian(cooked[2..], ArphrdNetlink);
        BinaryPrimitives.WriteUInt16BigEndian(cooked[14..], AfNetlink);
        int cookedWritten = (int)Math.Min(CookedHeaderLength, captured);
        output.Advance(RecordHeaderLength + cookedWritten);
        if (captured > CookedHeaderLength)
            output.Write(datagram[..(int)(captured - CookedHeaderLength)]);
    }
}
