using System.Buffers.Binary;
using System.Net;

namespace DropWatch.Cli.Tests.Filtering;

/// <summary>Hand-built frames as NET_DM delivers them: from the MAC header on.</summary>
internal static class Packets
{
    public static byte[] Ethernet(ushort etherType, byte[] l3, params ushort[] vlanTags)
    {
        var frame = new List<byte>(new byte[12]);
        foreach (ushort tag in vlanTags)
        {
            frame.AddRange([0x81, 0x00]);
            frame.AddRange([(byte)(tag >> 8), (byte)tag]);
        }
        frame.AddRange([(byte)(etherType >> 8), (byte)etherType]);
        frame.AddRange(l3);
        return [.. frame];
    }

    public static byte[] IPv4(string src, string dst, byte protocol, byte[] l4, ushort fragmentOffset = 0, int options = 0)
    {
        int ihl = 20 + options;
        var ip = new byte[ihl + l4.Length];
        ip[0] = (byte)(0x40 | ihl / 4);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), fragmentOffset);
        ip[8] = 64;
        ip[9] = protocol;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(ip, 12);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(ip, 16);
        l4.CopyTo(ip, ihl);
        return ip;
    }

    public static byte[] IPv6(string src, string dst, byte nextHeader, byte[] rest)
    {
        var ip = new byte[40 + rest.Length];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)rest.Length);
        ip[6] = nextHeader;
        ip[7] = 64;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(ip, 8);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(ip, 24);
        rest.CopyTo(ip, 40);
        return ip;
    }

    public static byte[] Ports(ushort sport, ushort dport, int extra = 4)
    {
        var l4 = new byte[4 + extra];
        BinaryPrimitives.WriteUInt16BigEndian(l4, sport);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), dport);
        return l4;
    }

    public static byte[] Udp4(string src, string dst, ushort sport, ushort dport) =>
        Ethernet(0x0800, IPv4(src, dst, 17, Ports(sport, dport)));
}
