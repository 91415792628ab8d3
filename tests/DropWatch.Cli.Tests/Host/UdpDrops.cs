using System.Net;
using System.Net.Sockets;

namespace DropWatch.Cli.Tests.Host;

/// <summary>A drop generator the test controls: UDP datagrams to a port on 127.0.0.1 that nobody listens on.</summary>
internal static class UdpDrops
{
    /// <summary>A port that was free a moment ago (bound, then released), so datagrams to it are dropped (NO_SOCKET).</summary>
    public static int ClosedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public static void Send(int port, int count)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = new IPEndPoint(IPAddress.Loopback, port);
        byte[] payload = new byte[32];
        for (int i = 0; i < count; i++)
            s.SendTo(payload, to);
    }
}
