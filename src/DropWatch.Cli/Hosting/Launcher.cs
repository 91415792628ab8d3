using DropWatch.Cli.Noise;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Repl;
using DropWatch.Cli.Table;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Start-up in upstream's order — lookup method check, drop source check, lookup banner, prompt —
/// with every failure turned into a message and an exit status in one place.
/// </summary>
public static class Launcher
{
    public static int Run(LaunchSettings settings, Stream stdout, TextWriter stderr) =>
        Run(settings, stdout, stderr, NetlinkSocket.Open, LineSources.ForConsole, () => TracepointDropSource.Open());

    public static int Run(LaunchSettings settings, Stream stdout, TextWriter stderr,
        Func<INetlinkTransport> openSocket, Func<Stream, ILineSource> openLines, Func<TracepointDropSource>? openTracepoint = null,
        Stream? stderrStream = null)
    {
        var data = new OutputBuffer(stdout);
        // In JSON mode stdout carries only JSON: the REPL talks on stderr.
        bool json = settings.Format == OutputFormat.Json;
        Stream consoleStream = json ? stderrStream ?? new TextWriterStream(stderr) : stdout;
        var outputs = json ? new Outputs(new OutputBuffer(consoleStream), data) : Outputs.Shared(data);
        var errors = new ErrorReporter(outputs.Console, stderr);
        try
        {
            return RunSession(settings, outputs, errors, consoleStream, openSocket, openLines, openTracepoint, stdout);
        }
        catch (OutputFailedException e)
        {
            return OutputFailed(e, errors);
        }
        catch (IOException e)
        {
            errors.Error($"input/output error: {e.Message}");
            return ExitCode.OutputError;
        }
    }

    private static int RunSession(LaunchSettings settings, Outputs outputs, ErrorReporter errors, Stream consoleStream,
        Func<INetlinkTransport> openSocket, Func<Stream, ILineSource> openLines, Func<TracepointDropSource>? openTracepoint, Stream stdout)
    {
        OutputBuffer console = outputs.Console;
        bool json = settings.Format == OutputFormat.Json;
        LookupChoice choice = LookupChoice.Parse(settings.LookupMethod);
        switch (choice.Kind)
        {
            case LookupKind.List:
                console.Write(LookupChoice.ListText);
                console.Flush();
                return ExitCode.Success;
            case LookupKind.Unknown:
                console.WriteLine($"Unknown lookup method {settings.LookupMethod}");
                console.Flush();
                return ExitCode.Failure;
        }

        var opened = SourceOpener.Open(settings, openSocket, openTracepoint, console, errors);
        if (opened.Source is not { } source)
            return opened.ExitCode;

        using (source)
        {
            DeferredResolver resolver = LookupSetup.Create(choice, settings, console, errors);
            var sink = new MutableSink(settings.Format == OutputFormat.Json
                ? new JsonLinesSink(outputs.Data, settings.IncludePayload)
                : new TextSink(outputs.Data));
            NoiseFilter? noise = NoiseSetup.Create(settings);
            TableSink table = TableSetup.Create(settings, outputs, noise);
            // The table sink first: in JSON mode its object comes before the loss and stop objects.
            var pipeline = new DropPipeline(resolver, table, sink) { Noise = noise };

            var stop = new StopSignal();
            // The first failed write also tells the session guard that nothing it prints can be seen.
            outputs.Data.OnFailure = outputs.Console.OnFailure = _ => stop.RequestOutputClosed();
            using var signals = new SignalHandlers(stop);
            using StdoutWatcher? watcher = stdout is FdOutputStream fd ? StdoutWatcher.Start(fd.Fd, stop) : null;
            var session = new Session(outputs, errors, openLines(consoleStream), source, pipeline, stop)
            {
                BeforeMonitoring = () => resolver.Complete(errors),
                Table = table,
                // The view draws where the REPL talks: stdout, or stderr in JSON mode.
                Top = new TopMode(table, sink, outputs, source, stop, 0, json ? 2 : 1),
                TopAtStart = settings.Top,
            };
            try
            {
                int code = session.Run();
                outputs.Flush();
                return code;
            }
            catch (Exception e) when (e is not (OutOfMemoryException or IOException))
            {
                // Monitoring was already stopped by the session guard.
                errors.Error($"internal error: {e.Message}");
                return ExitCode.InternalError;
            }
        }
    }

    /// <summary>A reader that went away ends us quietly, as SIGPIPE would; any other failure is said once.</summary>
    private static int OutputFailed(OutputFailedException e, ErrorReporter errors)
    {
        if (e.ReaderGone)
            return ExitCode.BrokenPipe;
        errors.Error(e.Message);
        return ExitCode.OutputError;
    }
}
