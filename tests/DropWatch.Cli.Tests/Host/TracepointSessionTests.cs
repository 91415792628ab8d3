using System.Text;
using System.Text.RegularExpressions;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Repl;
using DropWatch.Core.Symbols;
using DropWatch.Core.Tracing;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// The REPL on this machine's real kernel (which has no NET_DM) through the skb:kfree_skb
/// tracepoint. Needs root, as CI runs; without it these fail with the source's own message.
/// </summary>
[Collection("host kernel")]
public class TracepointSessionTests
{
    private sealed record Result(string Stdout, string Stderr, int ExitCode);

    /// <summary>Runs a scripted session; when the script reaches "start", sends <paramref name="datagrams"/> drops once monitoring is on, waits, then presses Ctrl-C unless a limit ends it.</summary>
    private static Result Run(int datagrams, bool interrupt, params string[] lines)
    {
        int port = UdpDrops.ClosedPort();
        var stop = new StopSignal();
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var output = new OutputBuffer(stdout);
        SymbolLoadResult symbols = KallsymsLoader.Load();
        Assert.True(symbols.Succeeded, symbols.Message);
        var resolver = new KallsymsResolver(symbols.Table);
        Task? generator = null;
        var script = new ScriptedLines(stdout, lines)
        {
            BeforeEachLine = line =>
            {
                if (line != "start" || generator is not null) return;
                generator = Task.Run(() =>
                {
                    SpinWait.SpinUntil(() => stop.State == SessionState.Monitoring, 10_000);
                    UdpDrops.Send(port, datagrams);
                    if (!interrupt) return;
                    Thread.Sleep(1500); // let the 1 s summary window close on its own
                    stop.Request(StopReason.Interrupt, 2);
                });
            },
        };
        int code;
        using (var source = TracepointDropSource.Open())
        {
            var session = new Session(Outputs.Shared(output), new ErrorReporter(output, stderr), script, source,
                new DropPipeline(resolver, new TextSink(output)), stop);
            code = session.Run();
        }
        generator?.Wait();
        output.Flush();
        return new Result(Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString(), code);
    }

    [Fact]
    public void SummaryModeCountsEveryUdpDropAtTheUdpReceiveFunction()
    {
        const int sent = 300;
        Result r = Run(sent, interrupt: true, "start", "exit");
        var lines = Regex.Matches(r.Stdout, @"^(\d+) drops at (\S+)\+([0-9a-f]+) \(0x[0-9a-f]+\) \[software\]$", RegexOptions.Multiline);
        long atUdp = lines.Where(m => m.Groups[2].Value.Contains("udp")).Sum(m => long.Parse(m.Groups[1].Value));
        Assert.True(atUdp == sent, $"expected {sent} drops at a udp function, counted {atUdp}:\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("Got a stop message\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void PacketModePrintsUpstreamBlocksWithTheKernelsReason()
    {
        Result r = Run(20, interrupt: false, "set alertmode packet", "set alertlimit 5", "start", "exit");
        var blocks = Regex.Matches(r.Stdout,
            @"drop at: (\S+)\+0x[0-9a-f]+/0x[0-9a-f]+ \(0x[0-9a-f]+\)\norigin: software\ntimestamp: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} \d{9} nsec\nprotocol: 0x800\ndrop reason: NO_SOCKET\n\n");
        Assert.True(blocks.Count == 5, $"expected 5 packet blocks:\n{r.Stdout}\n{r.Stderr}");
        Assert.All(blocks, b => Assert.Contains("udp", b.Groups[1].Value));
        Assert.Contains("Alert limit reached, deactivating!\nDeactivation requested, turning off monitoring\nGot a stop message\n", r.Stdout);
    }

    [Fact]
    public void ShowAndSettingsThatDoNotApplySaySo()
    {
        Result r = Run(0, interrupt: false, "show", "set trunc 64", "set alertmode packet", "show", "exit");
        Assert.Contains("Getting existing configuration\nAlert mode: Summary\nDrop source: tracepoint skb:kfree_skb", r.Stdout);
        // Refused when typed, not accepted and then failing at start.
        Assert.DoesNotContain("Setting truncation length", r.Stdout);
        Assert.Contains("truncation is a NET_DM packet-mode setting; it does not apply to the tracepoint skb:kfree_skb", r.Stderr);
        Assert.Contains("Alert mode: Packet\n", r.Stdout);
        Assert.Equal(ExitCode.Failure, r.ExitCode);
    }
}
