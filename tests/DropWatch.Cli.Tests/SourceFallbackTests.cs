using DropWatch.Cli.Hosting;
using DropWatch.Core.Tracing;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>Without NET_DM and without a usable tracepoint, one line says the one thing to act on.</summary>
public class SourceFallbackTests
{
    [Fact]
    public void NoNetDmAndNoTracepointAccessIsOneStderrLineAndStatus77()
    {
        var kernel = new FakeKernel { HasNetDm = false };
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = Launcher.Run(new LaunchSettings("null", null, null, 1 << 20), stdout, stderr, kernel.Open,
            _ => throw new InvalidOperationException("no REPL expected"),
            () => throw new TracepointException("reading tracefs needs root", DropWatch.Native.Errno.EACCES));
        Assert.Equal(ExitCode.NoPermission, code);
        Assert.Equal("Unable to find NET_DM family, dropwatch can't work\nCleaning up on socket creation error\n",
            System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("dropwatch: no NET_DM in this kernel, and the skb:kfree_skb tracepoint cannot be used: reading tracefs needs root\n",
            stderr.ToString());
    }
}

/// <summary>On the host kernel's tracepoint: an option that only sizes NET_DM's queue says it does not apply.</summary>
[Collection("host kernel")]
public class ReceiveBufferOnTracepointTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AGivenReceiveBufferIsReportedAsNotApplying(bool given)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "exit\n");
        using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
        var stderr = new StringWriter();
        int code = Launcher.Run(new LaunchSettings("null", null, null, 1 << 20, Source: "tracepoint", ReceiveBufferGiven: given),
            new MemoryStream(), stderr, new FakeKernel().Open,
            s => new LauncherTestsEditor(new DropWatch.ReadLine.LineEditor((int)stdin.DangerousGetHandle(), s)));
        Assert.Equal(ExitCode.Success, code);
        Assert.Equal(given, stderr.ToString().Contains("--receive-buffer sizes NET_DM's alert queue and does not apply to the tracepoint"));
    }
}
