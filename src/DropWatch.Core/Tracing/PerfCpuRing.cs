using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DropWatch.Core.Tracing.Native;
using DropWatch.Native;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tracing;

/// <summary>
/// One CPU's perf event: its file descriptor and its mapping, <c>1 + 2^n</c> pages where the first page is
/// <c>struct perf_event_mmap_page</c> and the rest is the data ring. The mapping is writable so that we can
/// publish <c>data_tail</c>; that makes the kernel stop (and count PERF_RECORD_LOST) instead of overwriting
/// records we have not read.
/// </summary>
internal sealed unsafe class PerfCpuRing : IDisposable
{
    private int _fd;
    private nint _map;
    private readonly nuint _mapLength;
    private readonly byte* _data;
    private readonly int _dataSize;

    private PerfCpuRing(int cpu, int fd, nint map, nuint mapLength, byte* data, int dataSize)
    {
        Cpu = cpu;
        _fd = fd;
        _map = map;
        _mapLength = mapLength;
        _data = data;
        _dataSize = dataSize;
    }

    ~PerfCpuRing() => Release();

    public int Cpu { get; }
    public int Fd => _fd;

    /// <summary>Opens the event on <paramref name="cpu"/> and maps its ring; on failure nothing stays open.</summary>
    public static PerfCpuRing Open(ref PerfEventAttr attr, int cpu, int dataPages)
    {
        int fd = PerfEventOpen(ref attr, cpu);
        int pageSize = Environment.SystemPageSize;
        nuint mapLength = (nuint)pageSize * (nuint)(dataPages + 1);
        nint map = LibC.Mmap(0, mapLength, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (map == LibC.MapFailed)
        {
            int errno = LibC.LastErrno;
            LibC.Close(fd);
            throw MmapFailed(errno, cpu, mapLength);
        }

        byte* page = (byte*)map;
        // data_offset/data_size exist since Linux 4.1; before that the ring simply follows the first page.
        ulong dataOffset = *(ulong*)(page + MmapDataOffset);
        ulong dataSize = *(ulong*)(page + MmapDataSize);
        if (dataSize == 0)
        {
            dataOffset = (ulong)pageSize;
            dataSize = (ulong)pageSize * (ulong)dataPages;
        }
        if (dataOffset + dataSize > mapLength || dataSize > int.MaxValue || !ulong.IsPow2(dataSize))
        {
            LibC.Munmap(map, mapLength);
            LibC.Close(fd);
            throw new TracepointException(
                $"the kernel describes CPU {cpu}'s ring as {dataSize} bytes at offset {dataOffset} in a {mapLength}-byte mapping");
        }
        return new PerfCpuRing(cpu, fd, map, mapLength, page + dataOffset, (int)dataSize);
    }

    public void Ioctl(ulong request, string what)
    {
        if (LibC.Ioctl(_fd, request, 0) != 0)
        {
            int errno = LibC.LastErrno;
            throw new TracepointException($"{what} on CPU {Cpu} failed: {Errno.Text(errno)}", errno);
        }
    }

    /// <summary>
    /// The kernel's count of events this ring could not store, for events opened with PERF_FORMAT_LOST.
    /// Exact at any moment, unlike PERF_RECORD_LOST, which is written only once the ring has room again.
    /// </summary>
    public ulong ReadLostCounter()
    {
        Span<ulong> values = stackalloc ulong[2]; // { value, lost }
        fixed (ulong* p = values)
        {
            nint n = LibC.Read(_fd, p, 16);
            if (n == 16)
                return values[1];
            int errno = n < 0 ? LibC.LastErrno : 0;
            throw new TracepointException($"reading the lost-event counter of CPU {Cpu} failed" +
                (errno != 0 ? $": {Errno.Text(errno)}" : $" (short read of {n} bytes)"), errno);
        }
    }

    /// <summary>
    /// Where the kernel has written to. Acquire: the record bytes it wrote before advancing data_head
    /// are visible after this read. One snapshot serves <see cref="LearnNames"/> and <see cref="Drain"/>,
    /// so that no side-band record slips in between them unread.
    /// </summary>
    public ulong ReadHead() => Volatile.Read(ref Unsafe.AsRef<ulong>((byte*)_map + MmapDataHead));

    /// <summary>The side-band records up to <paramref name="head"/>, read without consuming them.</summary>
    public int LearnNames(ulong head, Span<byte> scratch, ulong sampleType, long clockOffsetNs, ITaskNameSink names)
    {
        ulong tail = Unsafe.AsRef<ulong>((byte*)_map + MmapDataTail); // only we write data_tail
        return KfreeSkbRingDrain.LearnNames(new ReadOnlySpan<byte>(_data, _dataSize), tail, head, scratch,
            sampleType, clockOffsetNs, names);
    }

    public KfreeSkbRingDrain.Result Drain(ulong head, Span<byte> scratch, in KfreeSkbDecoder decoder, long clockOffsetNs,
        ITracepointSink sink)
    {
        byte* page = (byte*)_map;
        ref ulong tailRef = ref Unsafe.AsRef<ulong>(page + MmapDataTail);
        ulong tail = tailRef; // only we write data_tail
        var result = KfreeSkbRingDrain.Drain(new ReadOnlySpan<byte>(_data, _dataSize), tail, head, scratch,
            decoder, Cpu, clockOffsetNs, sink);
        // Release: all our reads of the records complete before the kernel may reuse their space.
        Volatile.Write(ref tailRef, result.Tail);
        return result;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (_map != 0)
        {
            LibC.Munmap(_map, _mapLength);
            _map = 0;
        }
        if (_fd >= 0)
        {
            LibC.Close(_fd);
            _fd = -1;
        }
    }

    private static int PerfEventOpen(ref PerfEventAttr attr, int cpu)
    {
        fixed (PerfEventAttr* p = &attr)
        {
            long fd = LibC.Syscall(SysPerfEventOpen, p, pid: -1, cpu, groupFd: -1, PERF_FLAG_FD_CLOEXEC);
            if (fd >= 0)
                return (int)fd;
        }
        int errno = LibC.LastErrno;
        throw PerfEventOpenFailed(errno, cpu);
    }

    private static TracepointException PerfEventOpenFailed(int errno, int cpu)
    {
        string detail = errno switch
        {
            Errno.EPERM or Errno.EACCES =>
                "permission denied: system-wide tracepoint events need root, or CAP_PERFMON (CAP_SYS_ADMIN before " +
                "Linux 5.8) together with read access to tracefs; see also kernel.perf_event_paranoid",
            Errno.ENOENT or Errno.ENODEV => "the kernel does not know this tracepoint id or CPU",
            Errno.EMFILE => "too many open files (one descriptor is needed per CPU)",
            _ => Errno.Text(errno),
        };
        return new TracepointException($"perf_event_open(skb:kfree_skb, cpu {cpu}) failed: {detail}", errno);
    }

    private static TracepointException MmapFailed(int errno, int cpu, nuint length)
    {
        string detail = errno == Errno.EPERM
            ? "locked-memory limit exceeded (kernel.perf_event_mlock_kb); use fewer ring pages or run as root"
            : Errno.Text(errno);
        return new TracepointException($"mapping the {length / 1024} KiB perf ring for CPU {cpu} failed: {detail}", errno);
    }
}
