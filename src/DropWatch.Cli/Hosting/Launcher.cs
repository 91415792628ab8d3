using DropWatch.Cli.Output;
using DropWatch.Cli.Repl;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
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
        Func<INetlinkTransport> openSocket, Func<Stream, ILineSource> openLines, Func<TracepointDropSource>? openTracepoint = null)
    {
        var output = new OutputBuffer(stdout);
        var errors = new ErrorReporter(output, stderr);

        LookupChoice choice = LookupChoice.Parse(settings.LookupMethod);
        switch (choice.Kind)
        {
            case LookupKind.List:
                output.Write(LookupChoice.ListText);
                output.Flush();
                return ExitCode.Success;
            case LookupKind.Unknown:
                output.WriteLine($"Unknown lookup method {settings.LookupMethod}");
                output.Flush();
                return ExitCode.Failure;
        }

        var opened = SourceOpener.Open(settings, openSocket, openTracepoint, output, errors);
        if (opened.Source is not { } source)
            return opened.ExitCode;

        using (source)
        {
            DeferredResolver resolver = LookupSetup.Create(choice, settings, output, errors);
            if (source is TracepointDropSource tracepoint)
                tracepoint.Symbols = resolver;

            var stop = new StopSignal();
            using var signals = new SignalHandlers(stop);
            var session = new Session(output, errors, openLines(stdout), source, resolver, stop)
            {
                BeforeMonitoring = () => resolver.Complete(errors),
            };
            try
            {
                return session.Run();
            }
            catch (IOException)
            {
                // stdout went away (e.g. `dropwatch | head`): monitoring is already stopped; end
                // quietly with the status a shell expects after SIGPIPE.
                return ExitCode.BrokenPipe;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Monitoring was already stopped by the monitoring loop's finally block.
                errors.Error($"internal error: {e.Message}");
                return ExitCode.InternalError;
            }
        }
    }
}
