using System.Diagnostics;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// dropwatch on a host where tracefs is not mounted, inside a private mount namespace (unshare -m,
/// so the machine's own /sys/kernel/tracing is untouched): it mounts tracefs to read the tracepoint's
/// id and format, and nothing may be left mounted afterwards — neither when the session never
/// started monitoring nor after a monitoring session. Needs root, as CI runs.
/// </summary>
[Collection("host kernel")]
public class TracefsMountTests
{
    private sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs <paramref name="script"/> in a fresh mount namespace with every tracefs unmounted first; DW is
    /// the dropwatch command. The script's last line prints the namespace's tracefs mounts after the run.
    /// </summary>
    private static Result InPrivateNamespace(string script)
    {
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { "-m", "--propagation", "private", "bash", "-c",
                     "set -u\n" +
                     "while read -r _ mp type _; do [ \"$type\" = tracefs ] && umount \"$mp\"; done < <(tac /proc/self/mounts)\n" +
                     "grep -q ' tracefs ' /proc/self/mounts && { echo 'could not unmount tracefs' >&2; exit 99; }\n" +
                     "DW=\"dotnet exec $0 -l null\"\n" +
                     script + "\n" +
                     "echo \"tracefs mounts: $(grep -c ' tracefs ' /proc/self/mounts)\"\n",
                     Path.Combine(AppContext.BaseDirectory, "dropwatch.dll") })
            info.ArgumentList.Add(arg);
        using Process p = Process.Start(info)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "the namespace script did not finish");
        return new Result(p.ExitCode, stdout, stderr.Result);
    }

    [Fact]
    public void NothingIsLeftMountedWhenMonitoringNeverStarted()
    {
        Result r = InPrivateNamespace("echo exit | $DW --source tracepoint");

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("dropwatch> exit\nShutting down ...\n", r.Stdout);
        Assert.EndsWith("tracefs mounts: 0\n", r.Stdout);
    }

    [Fact]
    public void NothingIsLeftMountedAfterAMonitoringSession()
    {
        // UDP datagrams to a closed port are freed with NO_SOCKET: the first 1 s summary ends the
        // session at the alert limit, then "exit" is read.
        Result r = InPrivateNamespace(
            "( for i in $(seq 100); do echo x > /dev/udp/127.0.0.1/9; sleep 0.05; done ) 2>/dev/null &\n" +
            "printf 'set alertlimit 1\\nstart\\nexit\\n' | timeout 30 $DW --source tracepoint\n" +
            "echo \"status $?\"\n" +
            "wait");

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("Kernel monitoring activated.", r.Stdout);
        Assert.Contains("Alert limit reached, deactivating!", r.Stdout);
        Assert.Contains("status 0\n", r.Stdout);
        Assert.EndsWith("tracefs mounts: 0\n", r.Stdout);
    }
}
