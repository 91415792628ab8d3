using DropWatch.Cli.Capture;
using DropWatch.Cli.Filtering;
using DropWatch.Cli.OneShot;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Repl;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Route;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Start-up in upstream's order — lookup method check, drop source check, lookup banner, prompt —
/// with every failure turned into a message and an exit status in one place.
/// </summary>
public static class Launcher
{
    public static int Run(LaunchSettings settings, Stream stdout, TextWriter stderr) =>
        Run(settings, stdout, stderr, NetlinkSocket.Open, LineSources.ForConsole,
            () => TracepointDropSource.Open(new TracepointOptions { Callchain = settings.Stack }));

    public static int Run(LaunchSettings settings, Stream stdout, TextWriter stderr,
        Func<INetlinkTransport> openSocket, Func<Stream, ILineSource> openLines, Func<TracepointDropSource>? openTracepoint = null,
        Stream? stderrStream = null)
    {
        // In JSON mode stdout carries only JSON: the REPL talks on stderr. With --pcapng - stdout
        // carries only the capture: the REPL and the text or JSON records go to stderr.
        bool json = settings.Format == OutputFormat.Json;
        bool captureOnStdout = settings.PcapngPath == CaptureOutput.StandardOutput;
        Stream consoleStream = json || captureOnStdout ? stderrStream ?? new TextWriterStream(stderr) : stdout;
        var data = new OutputBuffer(captureOnStdout ? consoleStream : stdout);
        var outputs = settings.OneShot is not null
            // One-shot: stdout carries records only; the REPL's lines go nowhere, messages to stderr.
            ? new Outputs(new OutputBuffer(Stream.Null), data)
            : json && !captureOnStdout ? new Outputs(new OutputBuffer(consoleStream), data) : Outputs.Shared(data);
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
        bool captureOnStdout = settings.PcapngPath == CaptureOutput.StandardOutput;
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
            if (settings.Passive && source is not DropMonitorClient)
            {
                errors.Error($"--passive listens to another client's NET_DM monitor; the {source.Name} source has none to share");
                return ExitCode.Failure;
            }
            if (settings.TableProcess && source is not TracepointDropSource)
            {
                errors.Error(Options.ModeCombinations.TableProcessNeedsTracepoint);
                return ExitCode.Failure;
            }
            if (settings.OneShot is { Action: not OneShotAction.Start } report)
                return OneShotRunner.Report(report, source, outputs.Data, errors);
            CaptureOutput? capture = null;
            if (settings.PcapngPath is { } path)
            {
                capture = CaptureOutput.Open(path, source, stdout, errors);
                if (capture is null)
                    return ExitCode.Failure;
                outputs = new Outputs(outputs.Console, outputs.Data) { Capture = capture.Buffer };
            }
            using var captureFile = capture;
            DeferredResolver resolver = LookupSetup.Create(choice, settings, console, errors);
            var interfaceNames = new InterfaceNames(NetlinkSocket.OpenRoute);
            var sink = new MutableSink(settings.Format == OutputFormat.Json
                ? new JsonLinesSink(outputs.Data, settings.IncludePayload) { StackSymbols = resolver, InterfaceNames = interfaceNames.Lookup }
                : new TextSink(outputs.Data, settings.Stack ? new WhoAndHowLines(outputs.Data, resolver) : null));
            if (capture is not null)
                capture.Sink.InterfaceName = interfaceNames.Lookup;
            FilterStage filters = FilterSetup.Create(settings, interfaceNames.Lookup);
            Outputs tableOutputs = TableOutputs(settings, outputs, consoleStream, json && !captureOnStdout);
            TableSink table = TableSetup.Create(settings, tableOutputs, filters);
            table.Table.InterfaceName = index => interfaceNames.Lookup((uint)index);
            // The table sink first: in JSON mode its object comes before the loss and stop objects.
            IDropSink[] sinks = capture is null ? [table, sink] : [table, sink, capture.Sink];
            var pipeline = new DropPipeline(resolver, sinks) { Filters = filters };
            if (!FilterSetup.Apply(settings.Filter, source, pipeline, errors))
                return ExitCode.Failure;

            var stop = new StopSignal();
            // The first failed write also tells the session guard that nothing it prints can be seen.
            outputs.Data.OnFailure = outputs.Console.OnFailure = tableOutputs.Console.OnFailure = _ => stop.RequestOutputClosed();
            if (capture is not null)
                capture.Buffer.OnFailure = _ => stop.RequestOutputClosed();
            using var signals = new SignalHandlers(stop);
            using StdoutWatcher? watcher = stdout is FdOutputStream fd ? StdoutWatcher.Start(fd.Fd, stop) : null;
            // The view draws where the table is printed: stdout, or stderr when stdout carries JSON or the capture.
            var top = new TopMode(table, sink, tableOutputs, source, stop, 0, json || captureOnStdout ? 2 : 1);
            try
            {
                int code = settings.OneShot is { } oneShot
                    ? OneShotRunner.Monitor(oneShot with { Passive = settings.Passive }, source, outputs, errors, stop, pipeline,
                        () => resolver.Complete(errors), settings.Top ? top : null)
                    : new Session(outputs, errors, openLines(consoleStream), source, pipeline, stop)
                    {
                        BeforeMonitoring = () => resolver.Complete(errors),
                        Passive = settings.Passive,
                        Table = table,
                        Top = top,
                        TopAtStart = settings.Top,
                    }.Run();
                outputs.Flush();
                tableOutputs.Flush();
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

    /// <summary>
    /// Where the text table and the live view go. At the prompt: the console, with the REPL's lines. A
    /// one-shot run has no console (its lines go nowhere) and the table is its result, so: where the
    /// records go — stdout, or stderr when stdout carries JSON (the table object still goes with the records).
    /// </summary>
    private static Outputs TableOutputs(LaunchSettings settings, Outputs outputs, Stream consoleStream, bool jsonOnStdout)
    {
        if (settings.OneShot is null)
            return outputs;
        OutputBuffer text = jsonOnStdout ? new OutputBuffer(consoleStream) : outputs.Data;
        return new Outputs(text, outputs.Data) { Capture = outputs.Capture };
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
