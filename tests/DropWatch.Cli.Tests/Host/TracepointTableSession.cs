using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Repl;
using DropWatch.Cli.Table;
using DropWatch.Core.Symbols;
using DropWatch.Core.Tracing;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// A REPL session on this machine's skb:kfree_skb tracepoint with the drop table printed at its end: the
/// script's lines are typed, and once monitoring runs after <c>start</c> the load is sent to a closed UDP
/// port of the test's own, then monitoring is interrupted (after the tracepoint's 1 s summary window).
/// </summary>
internal static class TracepointTableSession
{
    public static (TableSink Table, string Stdout) Run(Action<int> load, bool byProcess, params string[] lines)
    {
        int port = UdpDrops.ClosedPort();
        var stop = new StopSignal();
        var stdout = new MemoryStream();
        var output = new OutputBuffer(stdout);
        SymbolLoadResult symbols = KallsymsLoader.Load();
        Assert.True(symbols.Succeeded, symbols.Message);
        var outputs = Outputs.Shared(output);
        var table = new TableSink(outputs, new TableSettings(PrintAtEnd: true), new DropTable(DropPipeline.NowNs, byProcess: byProcess));
        Task? generator = null;
        var script = new ScriptedLines(stdout, lines)
        {
            BeforeEachLine = line =>
            {
                if (line != "start" || generator is not null) return;
                generator = Task.Run(() =>
                {
                    SpinWait.SpinUntil(() => stop.State == SessionState.Monitoring, 10_000);
                    load(port);
                    Thread.Sleep(1500); // the tracepoint's summary window closes after 1 s
                    stop.Request(StopReason.Interrupt, 2);
                });
            },
        };
        using (var source = TracepointDropSource.Open())
        {
            var session = new Session(outputs, new ErrorReporter(output, new StringWriter()), script, source,
                new DropPipeline(new KallsymsResolver(symbols.Table), table, new TextSink(output)), stop) { Table = table };
            session.Run();
        }
        generator?.Wait();
        output.Flush();
        return (table, Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
