using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Repl;
using DropWatch.Core.DropMonitor;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>Runs a whole REPL session against the fake kernel and captures stdout and stderr.</summary>
internal sealed class SessionHarness
{
    public FakeKernel Kernel { get; } = new();
    public StopSignal Stop { get; } = new();
    public string Stdout { get; private set; } = "";
    public string Stderr { get; private set; } = "";
    public int ExitCode { get; private set; }

    public SessionHarness Run(params string[] lines)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var output = new OutputBuffer(stdout);
        using (var client = DropMonitorClient.Connect(Kernel.Open, 1 << 20))
        {
            var session = new Session(Outputs.Shared(output), new ErrorReporter(output, stderr), new ScriptedLines(stdout, lines),
                client, new DropPipeline(new FixedResolver(), new TextSink(output)), Stop);
            ExitCode = session.Run();
        }
        output.Flush();
        Stdout = Encoding.UTF8.GetString(stdout.ToArray());
        Stderr = stderr.ToString();
        return this;
    }
}
