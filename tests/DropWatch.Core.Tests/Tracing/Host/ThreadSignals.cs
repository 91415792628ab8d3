using System.Runtime.InteropServices;

namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>Delivers a signal to one particular thread, to interrupt a blocking system call in it.</summary>
internal static partial class ThreadSignals
{
    public const int SIGWINCH = 28;

    [LibraryImport("libc")]
    public static partial int gettid();

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tgkill(int tgid, int tid, int signal);

    public static void Send(int tid, int signal)
    {
        if (tgkill(getpid(), tid, signal) != 0)
            throw new InvalidOperationException($"tgkill failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
