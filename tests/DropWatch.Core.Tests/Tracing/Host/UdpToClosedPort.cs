using System.Net;
using System.Net.Sockets;

namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>
/// Produces a known number of kernel drops: UDP datagrams to a loopback port nobody listens on are freed by
/// the UDP receive path with reason NO_SOCKET, protocol 0x0800.
/// </summary>
internal sealed class UdpToClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly SocketAddress _target;
    private readonly byte[] _payload = new byte[16];

    public UdpToClosedPort()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FindClosedPort());
        Port = endPoint.Port;
        // Serialised once, so each send costs one sendto(2) and no allocation. The socket stays
        // unconnected: the ICMP port-unreachable replies are then not reported back as send errors.
        _target = endPoint.Serialize();
    }

    public int Port { get; }

    public void Send(int count)
    {
        for (int i = 0; i < count; i++)
            _socket.SendTo(_payload, SocketFlags.None, _target);
    }

    public void Dispose() => _socket.Dispose();

    // Bind to an ephemeral port and release it: nothing listens there afterwards.
    private static int FindClosedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
