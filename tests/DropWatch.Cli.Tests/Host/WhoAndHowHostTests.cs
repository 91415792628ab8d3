using System.Text;
using System.Text.Json;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Repl;
using DropWatch.Core.Symbols;
using DropWatch.Core.Tracing;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// pid, comm, CPU and kernel stacks from this machine's real tracepoint, and a filter on them: the
/// drops this test process causes (UDP to a closed loopback port; the receive path runs in the
/// sender's context through the loopback softirq) carry its pid and name.
/// </summary>
[Collection("host kernel")]
public class WhoAndHowHostTests
{
    [Fact]
    public void Drops_caused_by_this_process_carry_its_pid_comm_and_a_udp_stack_and_a_pid_filter_keeps_only_them()
    {
        const int sent = 200;
        int pid = Environment.ProcessId;
        string comm = File.ReadAllText("/proc/self/comm").TrimEnd('\n');
        int port = UdpDrops.ClosedPort();
        var stop = new StopSignal();
        var data = new MemoryStream();
        var console = new MemoryStream();
        var stderr = new StringWriter();
        var outputs = new Outputs(new OutputBuffer(console), new OutputBuffer(data));
        SymbolLoadResult symbols = KallsymsLoader.Load();
        Assert.True(symbols.Succeeded, symbols.Message);
        var resolver = new KallsymsResolver(symbols.Table);
        Task? generator = null;
        var script = new ScriptedLines(console, "set alertmode packet", $"set filter pid == {pid} && reason == NO_SOCKET", "start", "exit")
        {
            BeforeEachLine = line =>
            {
                if (line != "start" || generator is not null) return;
                generator = Task.Run(() =>
                {
                    SpinWait.SpinUntil(() => stop.State == SessionState.Monitoring, 10_000);
                    UdpDrops.Send(port, sent);
                    Thread.Sleep(1500);
                    stop.Request(StopReason.Interrupt, 2);
                });
            },
        };
        int code;
        using (var source = TracepointDropSource.Open(new TracepointOptions { Callchain = true }))
        {
            var sink = new JsonLinesSink(outputs.Data, includePayload: false) { StackSymbols = resolver };
            var session = new Session(outputs, new ErrorReporter(outputs.Console, stderr), script, source,
                new DropPipeline(resolver, sink), stop);
            code = session.Run();
        }
        generator?.Wait();
        outputs.Flush();
        string consoleText = Encoding.UTF8.GetString(console.ToArray());
        var objects = Encoding.UTF8.GetString(data.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var packets = objects.Where(o => o.GetProperty("type").GetString() == "packet").ToList();

        Assert.Equal(0, code);
        // Under load a few may run in ksoftirqd instead; most run in ours.
        Assert.InRange(packets.Count, sent / 2, sent);
        Assert.All(packets, p =>
        {
            Assert.Equal(pid, p.GetProperty("pid").GetInt32());
            Assert.Equal(comm, p.GetProperty("comm").GetString());
            Assert.True(p.GetProperty("cpu").GetInt32() >= 0);
            string[] stack = p.GetProperty("stack").EnumerateArray().Select(f => f.GetString()!).ToArray();
            Assert.Contains(stack, f => f.Contains("udp"));
        });
        var stopObject = objects.Single(o => o.GetProperty("type").GetString() == "stop");
        ulong filtered = stopObject.GetProperty("filtered").GetUInt64();
        Assert.Matches($"Filtered out: {filtered} drops not matching 'pid == {pid} && reason == NO_SOCKET'\n", consoleText);
    }
}
