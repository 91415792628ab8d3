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
