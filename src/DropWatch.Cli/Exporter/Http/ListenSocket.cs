using System.Net;
using System.Net.Sockets;
using DropWatch.Native;
using static DropWatch.Native.StreamSockets;

namespace DropWatch.Cli.Exporter.Http;

/// <summary>
/// A non-blocking TCP listening socket made with plain syscalls (System.Net.Sockets would add its
/// managed socket engine to the NativeAOT image). <c>[::]</c> is made dual-stack explicitly
/// (IPV6_V6ONLY off), so it means every interface whatever net.ipv6.bindv6only says.
/// </summary>
internal static unsafe class ListenSocket
{
    private const int Backlog = 64;

    /// <summary>The listening descriptor; throws <see cref="ListenException"/> when it cannot be made.</summary>
    public static int Open(ListenEndpoint endpoint)
    {
        bool v6 = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6;
        int fd = LibC.Socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw new ListenException("socket", LibC.LastErrno);
        try
        {
            int one = 1;
            // A restarted exporter must bind again while the old connections sit in TIME_WAIT; Linux
            // still refuses a second listener on the same port.
            if (LibC.SetSockOpt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(int)) != 0)
                throw new ListenException("setsockopt SO_REUSEADDR", LibC.LastErrno);
            if (v6)
            {
                int v6Only = endpoint.Address.Equals(IPAddress.IPv6Any) ? 0 : 1;
                if (LibC.SetSockOpt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6Only, sizeof(int)) != 0)
                    throw new ListenException("setsockopt IPV6_V6ONLY", LibC.LastErrno);
            }
            if (Bind(fd, endpoint) != 0)
                throw new ListenException("bind", LibC.LastErrno);
            if (StreamSockets.Listen(fd, Backlog) != 0)
                throw new ListenException("listen", LibC.LastErrno);
            return fd;
        }
        catch
        {
            _ = LibC.Close(fd);
            throw;
        }
    }

    private static int Bind(int fd, ListenEndpoint endpoint)
    {
        ushort port = (ushort)IPAddress.HostToNetworkOrder((short)endpoint.Port);
        Span<byte> bytes = stackalloc byte[16];
        endpoint.Address.TryWriteBytes(bytes, out int written);
        if (written == 4)
        {
            var address = new SockAddrIn { Family = AF_INET, Port = port, Address = BitConverter.ToUInt32(bytes) };
            return LibC.Bind(fd, &address, (uint)sizeof(SockAddrIn));
        }
        var address6 = new SockAddrIn6 { Family = AF_INET6, Port = port, ScopeId = (uint)endpoint.Address.ScopeId };
        bytes.CopyTo(new Span<byte>(address6.Address, 16));
        return LibC.Bind(fd, &address6, (uint)sizeof(SockAddrIn6));
    }
}
