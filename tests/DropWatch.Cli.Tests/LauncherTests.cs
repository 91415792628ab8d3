using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Repl;
using DropWatch.ReadLine;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>Start-up paths through <see cref="Launcher"/>: options, NET_DM checks, and piped stdin through the real line editor.</summary>
public class LauncherTests
{
    private static (int Code, string Stdout, string Stderr) Launch(FakeKernel kernel, string? lookup, string script)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        // stdin as a file that holds the script: not a terminal, so the editor reads lines and echoes them.
        string path = Path.GetTempFileName();
        File.WriteAllText(path, script);
        using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
        var settings = new LaunchSettings(lookup, null, null, 1 << 20);
        int code = Launcher.Run(settings, stdout, stderr, kernel.Open,
            s => new EditorSource(new LineEditor((int)stdin.DangerousGetHandle(), s)));
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private sealed class EditorSource(LineEditor editor) : ILineSource
    {
        public string? ReadLine(string prompt) => editor.ReadLine(prompt);
    }

    [Fact]
    public void PipedScriptEchoesLikeUpstreamReadline()
    {
        var (code, stdout, _) = Launch(new FakeKernel(), "null", "help\nexit\n");
        Assert.Equal("Initializing null lookup method\n" +
                     "dropwatch> help\n" + HelpText.Text +
                     "dropwatch> exit\nShutting down ...\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void PipedScriptWithoutExitEndsWithTerminating()
    {
        var (code, stdout, _) = Launch(new FakeKernel(), "null", "set alertlimit 2");
        Assert.Equal("Initializing null lookup method\n" +
                     "dropwatch> set alertlimit 2\nsetting alert capture limit to 2\n" +
                     "dropwatch> Terminating dropwatch...\nShutting down ...\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void TableProcessIsRefusedWhenAutoFindsNetDm()
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var settings = new LaunchSettings("null", null, null, 1 << 20, PrintTable: true) { TableProcess = true };
        int code = Launcher.Run(settings, stdout, stderr, new FakeKernel().Open, _ => throw new InvalidOperationException("no prompt expected"));
        Assert.Equal(1, code);
        Assert.Contains("--table-process needs the tracepoint source (NET_DM alerts carry no process); use --source tracepoint", stderr.ToString());
        Assert.Equal("", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void MissingNetDmPrintsUpstreamsLinesAndAHint()
    {
        var (code, stdout, stderr) = Launch(new FakeKernel { HasNetDm = false }, "kas", "exit\n");
        Assert.Equal("Unable to find NET_DM family, dropwatch can't work\nCleaning up on socket creation error\n", stdout);
        Assert.Contains("modprobe drop_monitor", stderr);
        Assert.Contains("CONFIG_NET_DROP_MONITOR", stderr);
        Assert.Equal(1, code);
    }

    [Fact]
    public void RefusedGroupJoinNamesTheCapabilityAndExitsNonZero()
    {
        var kernel = new FakeKernel { AllowGroupJoin = false };
        var (code, stdout, stderr) = Launch(kernel, "null", "start\n");
        Assert.Equal("", stdout);
        Assert.Contains("CAP_SYS_ADMIN", stderr);
        Assert.Equal(ExitCode.NoPermission, code);
        Assert.Equal(0, kernel.OpenSocketCount);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("listfoo")]
    public void ListPrintsTheMethodsBeforeTouchingNetlink(string arg)
    {
        var kernel = new FakeKernel { HasNetDm = false };
        var (code, stdout, _) = Launch(kernel, arg, "");
        Assert.StartsWith("Available lookup methods:\nkas - use /proc/kallsyms\n", stdout);
        Assert.Equal(0, code);
        Assert.Empty(kernel.Requests);
    }

    [Fact]
    public void UnknownMethodIsUpstreamsMessage()
    {
        var (code, stdout, _) = Launch(new FakeKernel(), "foo", "");
        Assert.Equal("Unknown lookup method foo\n", stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void AlertLimitSessionFromAPipe()
    {
        var kernel = new FakeKernel();
        kernel.AfterStart = k => k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 93)));
        var (code, stdout, _) = Launch(kernel, "null", "set alertlimit 1\nstart\nexit\n");
        Assert.Equal("Initializing null lookup method\n" +
                     "dropwatch> set alertlimit 1\nsetting alert capture limit to 1\n" +
                     "dropwatch> start\nEnabling monitoring...\nKernel monitoring activated.\nIssue Ctrl-C to stop monitoring\n" +
                     "93 drops at location 0xffffffff962ac491 [software]\n" +
                     "Alert limit reached, deactivating!\nDeactivation requested, turning off monitoring\nGot a stop message\n" +
                     "dropwatch> exit\nShutting down ...\n", stdout);
        Assert.Equal(0, code);
        Assert.False(kernel.Monitoring);
    }
}

/// <summary>A stdout whose reader goes away after <paramref name="budget"/> bytes, as `dropwatch | head -c N` does.</summary>
internal sealed class ClosingPipe(int budget) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Length + count > budget)
            throw new OutputFailedException("standard output", DropWatch.Native.Errno.EPIPE);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
}

public class BrokenPipeTests
{
    [Fact]
    public void ClosedStdoutWhileMonitoringStillStopsTheKernel()
    {
        var kernel = new FakeKernel();
        kernel.AfterStart = k =>
        {
            for (int i = 0; i < 50; i++)
                k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491 + (ulong)i, 1)));
        };
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "set alertlimit 40\nstart\nexit\n");
        using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
        var stdout = new ClosingPipe(300);
        int code = Launcher.Run(new LaunchSettings("null", null, null, 1 << 20), stdout, new StringWriter(), kernel.Open,
            s => new LauncherTestsEditor(new DropWatch.ReadLine.LineEditor((int)stdin.DangerousGetHandle(), s)));
        Assert.Equal(ExitCode.BrokenPipe, code);
        Assert.Equal(1, kernel.StartCount);
        Assert.Equal(1, kernel.StopCount);
        Assert.False(kernel.Monitoring);
    }
}

internal sealed class LauncherTestsEditor(DropWatch.ReadLine.LineEditor editor) : ILineSource
{
    public string? ReadLine(string prompt) => editor.ReadLine(prompt);
}
