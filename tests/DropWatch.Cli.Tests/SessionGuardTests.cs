using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>Every way out of a session ends with the kernel not monitoring, and says why once.</summary>
public class SessionGuardTests
{
    private static (int Code, string Stdout, string Stderr) Launch(FakeKernel kernel, string script, Stream? stdout = null,
        OutputFormat format = OutputFormat.Text)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, script);
        using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
        var output = stdout ?? new MemoryStream();
        var stderr = new StringWriter();
        int code = Launcher.Run(new LaunchSettings("null", null, null, 1 << 20, Format: format), output, stderr, kernel.Open,
            s => new LauncherTestsEditor(new DropWatch.ReadLine.LineEditor((int)stdin.DangerousGetHandle(), s)));
        string text = output is MemoryStream m ? Encoding.UTF8.GetString(m.ToArray()) : "";
        return (code, text, stderr.ToString());
    }

    [Fact]
    public void StartWithoutAnAckIsFollowedByStop()
    {
        var kernel = new FakeKernel { SilentStart = true };
        var (code, stdout, stderr) = Launch(kernel, "start\nexit\n");
        Assert.Contains("Failed activation request, error: ", stdout);
        Assert.Contains("no answer from the kernel", stderr);
        Assert.Equal(1, kernel.StartCount);
        Assert.Equal(1, kernel.StopCount);
        Assert.False(kernel.Monitoring);
        Assert.Equal(ExitCode.Failure, code);
    }

    [Fact]
    public void AKernelRefusalOfStartSendsNoStop()
    {
        // EAGAIN: another client monitors; a STOP from us would end its session.
        var kernel = new FakeKernel();
        using var other = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        other.Start(Origins.None);
        var (code, stdout, _) = Launch(kernel, "start\nexit\n");
        Assert.Contains("Failed activation request, error: ", stdout);
        Assert.Equal(0, kernel.StopCount);
        Assert.True(kernel.Monitoring);
        Assert.Equal(ExitCode.Failure, code);
    }

    [Fact]
    public void ASourceFailureWhileMonitoringStopsAndReturnsToThePrompt()
    {
        var kernel = new FakeKernel();
        kernel.AfterStart = k => k.BreakEventSockets();
        var (code, stdout, stderr) = Launch(kernel, "start\nshow\nexit\n");
        Assert.Matches("^dropwatch: receiving drops failed: .*receive from netlink socket.*Input/output error.*; monitoring was stopped$", stderr.Split('\n')[0]);
        Assert.Contains("Got a stop message\ndropwatch> show\nGetting existing configuration\n", stdout);
        Assert.Equal(1, kernel.StopCount);
        Assert.False(kernel.Monitoring);
        Assert.Equal(ExitCode.Failure, code);
    }

    [Fact]
    public void StdoutFullGetsOneMessageAndStatus74AfterStop()
    {
        var kernel = new FakeKernel();
        kernel.AfterStart = k =>
        {
            for (int i = 0; i < 50; i++)
                k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491 + (ulong)i, 1)));
        };
        var (code, _, stderr) = Launch(kernel, "set alertlimit 40\nstart\nexit\n", new FailingStream(250, DropWatch.Native.Errno.ENOSPC));
        Assert.Equal(ExitCode.OutputError, code);
        Assert.Equal("dropwatch: cannot write to standard output: No space left on device\n", stderr);
        Assert.Equal(1, kernel.StopCount);
        Assert.False(kernel.Monitoring);
    }

    [Fact]
    public void JsonModeKeepsStdoutForJsonOnly()
    {
        var kernel = new FakeKernel();
        kernel.AfterStart = k => k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 93), (0xffffffff81000010, 2)));
        var (code, stdout, stderr) = Launch(kernel, "set alertlimit 2\nstart\nexit\n", format: OutputFormat.Json);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("{\"type\":\"start\",\"time\":\"", lines[0]);
        Assert.EndsWith("\"source\":\"NET_DM\",\"mode\":\"summary\",\"origins\":[\"software\"],\"limit\":2}", lines[0]);
        Assert.Equal("{\"type\":\"summary\",\"origin\":\"software\",\"pc\":\"0xffffffff962ac491\",\"count\":93}", lines[1]);
        Assert.Equal("{\"type\":\"summary\",\"origin\":\"software\",\"pc\":\"0xffffffff81000010\",\"count\":2}", lines[2]);
        // The drop table's object comes before the stop object.
        Assert.StartsWith("{\"type\":\"table\",", lines[3]);
        Assert.Matches("^\\{\"type\":\"stop\",\"time\":\"[0-9T:.Z-]{30}\",\"cause\":\"limit\",\"stopped\":true,\"records\":2\\}$", lines[4]);
        Assert.Contains("dropwatch> start\nEnabling monitoring...\nKernel monitoring activated.", stderr);
        Assert.Contains("Alert limit reached, deactivating!\nDeactivation requested, turning off monitoring\nGot a stop message\n", stderr);
        Assert.Equal(0, code);
    }
}

/// <summary>A stdout that fails with <paramref name="errno"/> once <paramref name="budget"/> bytes were written.</summary>
internal sealed class FailingStream(int budget, int errno) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Length + count > budget)
            throw new OutputFailedException("standard output", errno);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
}
