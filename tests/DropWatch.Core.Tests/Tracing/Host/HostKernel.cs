namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>Facts about the host kernel and this process that the real-kernel tests check.</summary>
internal static class HostKernel
{
    /// <summary>
    /// These tests need root (CI runs them as root). Rather than skip, fail with the reason: a silently
    /// skipped kernel test in CI would hide exactly the regressions it exists to catch.
    /// </summary>
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
            Assert.Fail("host tracepoint tests need root (perf_event_open on a tracepoint, tracefs access); run the tests as root");
    }

    /// <summary>Descriptors of this process that are perf events (<c>anon_inode:[perf_event]</c>).</summary>
    public static int CountPerfEventFds()
    {
        int count = 0;
        foreach (var link in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(link).LinkTarget == "anon_inode:[perf_event]")
                    count++;
            }
            catch (IOException)
            {
                // The descriptor used to list the directory is gone by the time we look at it.
            }
        }
        return count;
    }

    /// <summary>
    /// Keeps tracefs mounted at its usual place for the test's duration. <c>Open</c> unmounts a tracefs it
    /// mounted itself, so on a machine that boots without it the tracefs path would be gone when a test
    /// looks at it; this mounts it (and unmounts it afterwards) only in that case.
    /// </summary>
    public static IDisposable HoldTracefs()
    {
        const string path = "/sys/kernel/tracing";
        if (Directory.Exists(Path.Combine(path, "events")))
            return new Unmount(null);
        Run("mount", $"-t tracefs nodev {path}");
        return new Unmount(path);
    }

    private sealed class Unmount(string? path) : IDisposable
    {
        public void Dispose()
        {
            if (path is not null)
                Run("umount", path);
        }
    }

    private static void Run(string file, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(file, arguments);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited with {process.ExitCode}");
    }
}
