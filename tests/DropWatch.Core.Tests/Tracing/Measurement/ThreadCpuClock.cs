using System.Runtime.InteropServices;

namespace DropWatch.Core.Tests.Tracing.Measurement;

/// <summary>CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID).</summary>
internal static partial class ThreadCpuClock
{
    private const int CLOCK_THREAD_CPUTIME_ID = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    public static TimeSpan Now()
    {
        if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, out var ts) != 0)
            throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
        return TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out Timespec timespec);
}
