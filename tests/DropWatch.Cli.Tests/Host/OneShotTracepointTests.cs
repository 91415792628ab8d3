using System.Text;
using System.Text.RegularExpressions;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.OneShot;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Core.Tracing;

namespace DropWatch.Cli.Tests.Host;

/// <summary>One-shot runs on this machine's real kernel through the skb:kfree_skb tracepoint (needs root, as CI runs).</summary>
[Collection("host kernel")]
public class OneShotTracepointTests
{
    private static (int Code, string Stdout, string Stderr) Run(OneShotRequest request, int datagrams)
    {
        int port = UdpDrops.ClosedPort();
        var stop = new StopSignal();
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var data = new OutputBuffer(stdout);
        var outputs = new Outputs(new OutputBuffer(Stream.Null), data);
        SymbolLoadResult symbols = KallsymsLoader.Load();
        Assert.True(symbols.Succeeded, symbols.Message);
        var generator = Task.Run(() =>
        {
            if (SpinWait.SpinUntil(() => stop.State == SessionState.Monitoring, 10_000))
                UdpDrops.Send(port, datagrams);
        });
        int code;
        using (var source = TracepointDropSource.Open())
            code = OneShotRunner.Monitor(request, source, outputs, new ErrorReporter(outputs.Console, stderr), stop,
                new DropPipeline(new KallsymsResolver(symbols.Table), new TextSink(data)));
        generator.Wait();
        outputs.Flush();
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void PacketModeEndsAtTheCountWithBlocksOnly()
    {
        var (code, stdout, stderr) = Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet, Count: 5, Duration: TimeSpan.FromSeconds(60)), 20);
        var blocks = Regex.Matches(stdout, @"drop at: [^\n]+\norigin: software\ntimestamp: [^\n]+\nprotocol: 0x[0-9a-f]+\n(drop reason: \S+\n)?\n");
        Assert.True(blocks.Count == 5, $"expected 5 packet blocks and nothing else:\n{stdout}\n{stderr}");
        Assert.Equal(stdout.Length, blocks.Sum(b => b.Length));
        Assert.Equal(ExitCode.Success, code);
    }

    [Fact]
    public void EndsAtTheDuration()
    {
        var (code, stdout, stderr) = Run(new OneShotRequest(OneShotAction.Start, Duration: TimeSpan.FromMilliseconds(300)), 0);
        Assert.True(code == ExitCode.Success, stderr);
        Assert.DoesNotContain("Enabling monitoring", stdout);
    }
}
