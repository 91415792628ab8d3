namespace DropWatch.Core.Tracing.Native;

/// <summary>Numbers from <c>include/uapi/linux/perf_event.h</c> and the x86_64/arm64 syscall tables.</summary>
internal static class PerfConstants
{
    public const uint PERF_TYPE_TRACEPOINT = 2;

    public const ulong PERF_SAMPLE_TID = 1UL << 1;
    public const ulong PERF_SAMPLE_TIME = 1UL << 2;
    public const ulong PERF_SAMPLE_CALLCHAIN = 1UL << 5;
    public const ulong PERF_SAMPLE_CPU = 1UL << 7;
    public const ulong PERF_SAMPLE_RAW = 1UL << 10;

    /// <summary>Callchain entries at or above this (<c>(u64)-4095</c>) mark a context (PERF_CONTEXT_KERNEL …), not an address.</summary>
    public const ulong PERF_CONTEXT_MAX = unchecked((ulong)-4095);

    /// <summary>read() returns { u64 value; u64 lost; } (Linux 6.0+).</summary>
    public const ulong PERF_FORMAT_LOST = 1UL << 4;

    public const uint PERF_RECORD_LOST = 2;
    /// <summary>{ u32 pid, tid; char comm[] (NUL-padded to 8 bytes); struct sample_id; }</summary>
    public const uint PERF_RECORD_COMM = 3;
    /// <summary>{ u32 pid, ppid; u32 tid, ptid; u64 time; struct sample_id; }</summary>
    public const uint PERF_RECORD_FORK = 7;
    public const uint PERF_RECORD_SAMPLE = 9;

    /// <summary>perf_event_header.misc of a PERF_RECORD_COMM: the new name comes from an exec (comm_exec).</summary>
    public const ushort PERF_RECORD_MISC_COMM_EXEC = 1 << 13;

    public const ulong PERF_FLAG_FD_CLOEXEC = 1UL << 3;

    /// <summary><c>_IO('$', 0)</c> and <c>_IO('$', 1)</c>.</summary>
    public const ulong PERF_EVENT_IOC_ENABLE = 0x2400;
    public const ulong PERF_EVENT_IOC_DISABLE = 0x2401;

    public const int CLOCK_REALTIME = 0;
    public const int CLOCK_MONOTONIC = 1;

    /// <summary>Offsets in <c>struct perf_event_mmap_page</c>, the first page of each ring mapping.</summary>
    public const int MmapDataHead = 1024;
    public const int MmapDataTail = 1032;
    public const int MmapDataOffset = 1040;
    public const int MmapDataSize = 1048;

    /// <summary>The syscall number differs per architecture; there is no libc wrapper.</summary>
    public static long SysPerfEventOpen => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => 298,
        System.Runtime.InteropServices.Architecture.Arm64 => 241,
        System.Runtime.InteropServices.Architecture.Arm => 364,
        var other => throw new PlatformNotSupportedException($"perf_event_open syscall number unknown for {other}"),
    };
}
