using System.Buffers.Binary;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// The IP and transport header fields of a dropped packet's captured bytes. NET_DM copies from the
/// MAC header on, so an Ethernet header (with up to two VLAN tags) comes first; bytes that start
/// with the IP header itself are accepted too when <see cref="DropEvent.Protocol"/> says IP. Every
/// read is bounds-checked: a truncated or hostile payload yields fewer fields, never an exception.
/// </summary>
internal struct PacketHeaders
{
    public const ushort EtherTypeIPv4 = 0x0800;
    public const ushort EtherTypeIPv6 = 0x86dd;
    private const int MaxIPv6ExtensionHeaders = 8;

    /// <summary>4 or 6 when the addresses were read, else 0.</summary>
    public byte Family;
    /// <summary>Addresses as big-endian numbers (IPv4 in the low 32 bits).</summary>
    public UInt128 Source;
    public UInt128 Destination;

    public bool HasL4;
    /// <summary>The IP protocol number of the transport header (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6 …).</summary>
    public byte L4;

    public bool HasPorts;
    public ushort SourcePort;
    public ushort DestinationPort;

    public static PacketHeaders Parse(in DropEvent drop)
    {
        var h = default(PacketHeaders);
        if (!drop.HasPayload)
            return h;
        ReadOnlySpan<byte> p = drop.Payload;
        int l3 = FindNetworkHeader(p, drop, out ushort etherType);
        if (l3 < 0)
            return h;
        if (etherType == EtherTypeIPv4)
            ParseIPv4(p[l3..], ref h);
        else
            ParseIPv6(p[l3..], ref h);
        return h;
    }

    private static int FindNetworkHeader(ReadOnlySpan<byte> p, in DropEvent drop, out ushort etherType)
    {
        etherType = 0;
        if (p.Length >= 14)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(p[12..]);
            int offset = 14;
            for (int tags = 0; tags < 2 && type is 0x8100 or 0x88a8 && p.Length >= offset + 4; tags++)
            {
                type = BinaryPrimitives.ReadUInt16BigEndian(p[(offset + 2)..]);
                offset += 4;
            }
            if (type is EtherTypeIPv4 or EtherTypeIPv6 && (!drop.HasProtocol || drop.Protocol is 0x8100 or 0x88a8 || drop.Protocol == type))
            {
                etherType = type;
                return offset;
            }
        }
        // No MAC header (e.g. a packet dropped before one was set): the bytes may start with IP itself.
        if (drop.HasProtocol && p.Length >= 1)
        {
            int version = p[0] >> 4;
            if ((drop.Protocol == EtherTypeIPv4 && version == 4) || (drop.Protocol == EtherTypeIPv6 && version == 6))
            {
                etherType = drop.Protocol;
                return 0;
            }
        }
        return -1;
    }

    private static void ParseIPv4(ReadOnlySpan<byte> ip, ref PacketHeaders h)
    {
        if (ip.Length < 20 || ip[0] >> 4 != 4)
            return;
        int headerLength = (ip[0] & 0xf) * 4;
        if (headerLength < 20)
            return;
        h.Family = 4;
        h.Source = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        h.Destination = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        h.HasL4 = true;
        h.L4 = ip[9];
        // Only the first fragment carries the transport header.
        bool laterFragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1fff) != 0;
        if (!laterFragment && ip.Length >= headerLength)
            ReadPorts(ip[headerLength..], ref h);
    }

    private static void ParseIPv6(ReadOnlySpan<byte> ip, ref PacketHeaders h)
    {
        if (ip.Length < 40 || ip[0] >> 4 != 6)
            return;
        h.Family = 6;
        h.Source = BinaryPrimitives.ReadUInt128BigEndian(ip[8..]);
        h.Destination = BinaryPrimitives.ReadUInt128BigEndian(ip[24..]);
        byte next = ip[6];
        int offset = 40;
        for (int i = 0; i < MaxIPv6ExtensionHeaders; i++)
        {
            switch (next)
            {
                case 0 or 43 or 60: // hop-by-hop, routing, destination options
                    if (ip.Length < offset + 2)
                        return;
                    next = ip[offset];
                    offset += (ip[offset + 1] + 1) * 8;
                    continue;
                case 44: // fragment
                    if (ip.Length < offset + 8)
                        return;
                    next = ip[offset];
                    bool laterFragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[(offset + 2)..]) & 0xfff8) != 0;
                    offset += 8;
                    if (laterFragment)
                    {
                        h.HasL4 = true;
                        h.L4 = next;
                        return;
                    }
                    continue;
            }
            h.HasL4 = true;
            h.L4 = next;
            if (ip.Length >= offset)
                ReadPorts(ip[offset..], ref h);
            return;
        }
    }

    private static void ReadPorts(ReadOnlySpan<byte> l4, ref PacketHeaders h)
    {
        // TCP, UDP, SCTP and UDP-Lite all start with the two ports.
        if (h.L4 is 6 or 17 or 132 or 136 && l4.Length >= 4)
        {
            h.HasPorts = true;
            h.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(l4);
            h.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
        }
    }
}
