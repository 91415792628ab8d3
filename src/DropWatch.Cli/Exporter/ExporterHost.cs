using System.Reflection;
using DropWatch.Cli.Exporter.Http;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// <c>dropwatch --metrics-listen [ADDR:]PORT</c>: no terminal, no prompt, stdin never read. Opens
/// the source, binds the endpoint, keeps the kernel monitoring until SIGTERM/SIGHUP/SIGINT, then
/// stops through the session guard, puts the alert mode back and exits 0.
/// </summary>
public static class ExporterHost
{
    public static int Run(LaunchSettings settings, ListenEndpoint endpoint, TextWriter stderr,
        Func<INetlinkTransport> openSocket, Func<TracepointDropSource>? openTracepoint)
    {
        var log = new ExporterLog(stderr);
        // Start-up messages shared with the REPL (source fallback, lookup banner) go to stderr too.
        var console = new OutputBuffer(new TextWriterStream(stderr));
        var errors = new ErrorReporter(console, stderr);
        LookupChoice choice = LookupChoice.Parse(settings.LookupMethod);
        if (choice.Kind is LookupKind.List or LookupKind.Unknown)
        {
            errors.Error($"--metrics-listen needs a lookup method (kas, sysmap or null), not '{settings.LookupMethod}'");
            return ExitCode.Failure;
        }

        // The shared signal layer with the service policy: SIGTERM/SIGHUP/SIGINT/SIGQUIT end the
        // exporter through STOP and exit 0 in every state, never by their default action.
        var stop = new StopSignal(SignalPolicy.Service);
        using var signals = new SignalHandlers(stop);
        var opened = SourceOpener.Open(settings, openSocket, openTracepoint, console, errors);
        if (opened.Source is not { } source)
            return opened.ExitCode;
        using (source)
        {
            stop.SetWaker(source.Wake);
            var metrics = new DropMetrics(settings.MetricsMaxSeries);
            var state = new ExporterState(source.Name);
            MetricsServer server;
            try
            {
                server = MetricsServer.Start(endpoint, new MetricsPage(metrics, state, Version));
            }
            catch (ListenException e)
            {
                errors.Error($"cannot listen on {endpoint}: {e.Message}");
                return ExitCode.Failure;
            }
            using (server)
            {
                log.Line($"serving metrics at http://{endpoint}/metrics");
                DeferredResolver resolver = LookupSetup.Create(choice, settings, console, errors);
                resolver.Complete(errors);
                console.Flush();
                var pipeline = new DropPipeline(resolver, metrics);
                var mode = new AlertModeChoice(source, log);
                mode.Capture();
                int code = new ExporterLoop(source, pipeline, state, stop, mode, errors, log).Run();
                mode.Restore();
                return code;
            }
        }
    }

    private static string Version =>
        typeof(ExporterHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
