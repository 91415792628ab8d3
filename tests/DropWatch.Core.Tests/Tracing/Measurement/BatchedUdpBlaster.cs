using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DropWatch.Core.Tests.Tracing.Measurement;

/// <summary>
/// Sends UDP datagrams to a closed loopback port in batches of <see cref="Batch"/> per sendmmsg(2) call, so
/// the generator's own syscall overhead does not cap the drop rate being measured.
/// </summary>
internal sealed unsafe partial class BatchedUdpBlaster : IDisposable
{
    public const int Batch = 512;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec { public void* Base; public nuint Length; }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name; public uint NameLength;
        public IoVec* Iov; public nuint IovLength;
        public void* Control; public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr { public MsgHdr Header; public uint Length; }

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly void* _memory;
    private readonly MMsgHdr* _messages;

    public BatchedUdpBlaster()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        // One block: [sockaddr_in 16][payload 16][iovec 16][mmsghdr x Batch]
        _memory = NativeMemory.AllocZeroed((nuint)(48 + sizeof(MMsgHdr) * Batch));
        byte* address = (byte*)_memory;
        address[0] = 2; // AF_INET, host order u16
        address[2] = (byte)(port >> 8);
        address[3] = (byte)port;
        address[4] = 127;
        address[7] = 1;
        var iov = (IoVec*)(address + 32);
        iov->Base = address + 16;
        iov->Length = 16;
        _messages = (MMsgHdr*)(address + 48);
        for (int i = 0; i < Batch; i++)
        {
            _messages[i].Header.Name = address;
            _messages[i].Header.NameLength = 16;
            _messages[i].Header.Iov = iov;
            _messages[i].Header.IovLength = 1;
        }
    }

    /// <summary>Sends one batch; returns how many datagrams the kernel took.</summary>
    public int SendBatch()
    {
        int sent = sendmmsg((int)_socket.Handle, _messages, Batch, 0);
        return sent < 0 ? throw new InvalidOperationException($"sendmmsg failed: errno {Marshal.GetLastPInvokeError()}") : sent;
    }

    public void Dispose()
    {
        _socket.Dispose();
        NativeMemory.Free(_memory);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);
}
