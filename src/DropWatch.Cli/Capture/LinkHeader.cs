using System.Buffers.Binary;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Capture;

/// <summary>
/// How a NET_DM payload (which starts where the packet's MAC header would be) is framed in pcapng,
/// decided as Wireshark's own net_dm dissector decides: a protocol that is an ethertype (≥ 0x0600)
/// or ETH_P_802_2 means an Ethernet frame; anything else is handed to the Linux cooked-capture
/// protocol table by that value, so we write LINKTYPE_LINUX_SLL with a synthesized header carrying it.
/// </summary>
public static class LinkHeader
{
    public const ushort LinkTypeEthernet = 1;
    public const ushort LinkTypeLinuxSll = 113;
    public const int SllLength = 16;

    private const ushort EthP8022 = 0x0004;
    private const ushort PacketHost = 0;
    // ARPHRD_NONE: no link-layer address; keeps a reader from guessing one.
    private const ushort ArphrdNone = 0xFFFE;

    public static ushort LinkTypeFor(in DropEvent drop) =>
        drop.HasProtocol && (drop.Protocol >= 0x0600 || drop.Protocol == EthP8022) ? LinkTypeEthernet : LinkTypeLinuxSll;

    /// <summary>The 16-byte cooked header: packet type, ARPHRD, address length 0, no address, protocol (big-endian).</summary>
    public static void WriteSll(Span<byte> header, ushort protocol)
    {
        header[..SllLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(header[0..], PacketHost);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], ArphrdNone);
        BinaryPrimitives.WriteUInt16BigEndian(header[14..], protocol);
    }
}
