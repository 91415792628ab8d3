using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// UDP datagrams to 127.0.0.1 with a wrong UDP checksum, sent through a raw IP socket (root). A UDP
/// socket's sends are CHECKSUM_PARTIAL, which loopback's receive path trusts; a raw socket's are
/// CHECKSUM_NONE, so the kernel really verifies them and drops each with reason UDP_CSUM.
/// </summary>
internal static class BadChecksumDrops
{
    public static void Send(int port, int count)
    {
        // IPPROTO_RAW: we write the IP header (IP_HDRINCL implied); the kernel fills its checksum.
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
        var to = new IPEndPoint(IPAddress.Loopback, 0);
        byte[] packet = new byte[20 + 8 + 16];
        for (int i = 0; i < count; i++)
        {
            Build(packet, port, (ushort)i);
            s.SendTo(packet, to);
        }
    }

    /// <summary>IPv4 127.0.0.1 → 127.0.0.1, UDP to PORT, a checksum that is neither right nor 0 ("no checksum").</summary>
    internal static void Build(Span<byte> p, int port, ushort id)
    {
        p.Clear();
        Span<byte> udp = p[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        "dropwatch csum"u8.CopyTo(udp[8..]);
        ushort right = UdpChecksum(udp, 0x7f000001, 0x7f000001);
        ushort wrong = (ushort)(right ^ 0x5a5a);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], wrong == 0 ? (ushort)0x1234 : wrong);
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)p.Length);
        BinaryPrimitives.WriteUInt16BigEndian(p[4..], id);
        p[8] = 64;                  // TTL
        p[9] = (byte)ProtocolType.Udp;
        BinaryPrimitives.WriteUInt32BigEndian(p[12..], 0x7f000001);
        BinaryPrimitives.WriteUInt32BigEndian(p[16..], 0x7f000001);
    }

    /// <summary>RFC 768: one's complement sum over the pseudo-header and the datagram (checksum field 0).</summary>
    internal static ushort UdpChecksum(ReadOnlySpan<byte> udp, uint src, uint dst)
    {
        uint sum = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + 17 + (uint)udp.Length;
        for (int i = 0; i + 1 < udp.Length; i += 2)
            sum += i == 6 ? 0u : BinaryPrimitives.ReadUInt16BigEndian(udp[i..]);
        if ((udp.Length & 1) != 0)
            sum += (uint)udp[^1] << 8;
        while (sum >> 16 != 0)
            sum = (sum & 0xffff) + (sum >> 16);
        ushort c = (ushort)~sum;
        return c == 0 ? (ushort)0xffff : c;
    }
}
