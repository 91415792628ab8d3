using System.Runtime.InteropServices;

namespace DropWatch.Core.Tests.Tracing.Measurement;

/// <summary>
/// A cheaper drop generator than UDP: IPv4 headers with a wrong checksum written to the loopback device through
/// an AF_PACKET socket, <see cref="Batch"/> per sendmmsg(2). Each comes straight back in through netif_rx and is
/// dropped at the top of ip_rcv (reason IP_CSUM), so the kernel does little per drop besides the tracepoint.
/// The packets are dropped before any protocol sees them.
/// </summary>
internal sealed unsafe partial class LoopbackBadChecksumBlaster : IDisposable
{
    public const int Batch = 512;
    private const int AF_PACKET = 17;
    private const int SOCK_DGRAM = 2;
    private const int SOCK_CLOEXEC = 0x80000;

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

    private readonly int _fd;
    private readonly void* _memory;
    private readonly MMsgHdr* _messages;

    public LoopbackBadChecksumBlaster()
    {
        int ifindex = int.Parse(File.ReadAllText("/sys/class/net/lo/ifindex").Trim());
        _fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0); // protocol 0: this socket receives nothing
        if (_fd < 0)
            throw new InvalidOperationException($"socket(AF_PACKET) failed: errno {Marshal.GetLastPInvokeError()}");

        // One block: [sockaddr_ll 20 (+4)][IPv4 header 20 (+4)][iovec 16][mmsghdr x Batch]
        _memory = NativeMemory.AllocZeroed((nuint)(64 + sizeof(MMsgHdr) * Batch));
        byte* address = (byte*)_memory;
        *(ushort*)address = AF_PACKET;
        address[2] = 0x08; // sll_protocol = htons(ETH_P_IP)
        *(int*)(address + 4) = ifindex;
        address[11] = 6;   // sll_halen; the all-zero address is lo's own

        byte* ip = address + 24;
        ip[0] = 0x45;      // version 4, 20-byte header
        ip[3] = 20;        // total length
        ip[8] = 64;        // TTL
        ip[9] = 17;        // UDP (never reached)
        ip[10] = 0xde;     // header checksum: deliberately wrong
        ip[11] = 0xad;
        ip[12] = 127; ip[15] = 1;
        ip[16] = 127; ip[19] = 1;

        var iov = (IoVec*)(address + 48);
        iov->Base = ip;
        iov->Length = 20;
        _messages = (MMsgHdr*)(address + 64);
        for (int i = 0; i < Batch; i++)
        {
            _messages[i].Header.Name = address;
            _messages[i].Header.NameLength = 20;
            _messages[i].Header.Iov = iov;
            _messages[i].Header.IovLength = 1;
        }
    }

    public int SendBatch()
    {
        int sent = sendmmsg(_fd, _messages, Batch, 0);
        return sent < 0 ? throw new InvalidOperationException($"sendmmsg failed: errno {Marshal.GetLastPInvokeError()}") : sent;
    }

    public void Dispose()
    {
        close(_fd);
        NativeMemory.Free(_memory);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
