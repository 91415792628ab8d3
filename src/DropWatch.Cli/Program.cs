using System.CommandLine;
using DropWatch.Cli.Dwdump;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Options;
using DropWatch.Cli.Output;
using DropWatch.Cli.Repl;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        HugePages.DisableForThisProcess();
        SignalHandlers.UnignoreInheritedInterrupts();
        bool stdoutClosed = StandardStreams.FillClosed();
        // One binary, two programs: run through the dwdump link, it is dwdump.
        if (DwdumpMain.IsInvokedAs(Environment.GetCommandLineArgs()[0]))
            return DwdumpMain.Run(args, Console.Out, Console.Error, options =>
            {
                using var stdout = FdOutputStream.StandardOutput();
                return DwdumpCommand.Run(options, stdout, Console.Out, Console.Error, NetlinkSocket.Open);
            });
        return Run(args, Console.Out, Console.Error, settings =>
        {
            if (settings.MetricsListen is { } endpoint)
                return Exporter.ExporterHost.Run(settings, endpoint, Console.Error, NetlinkSocket.Open, () => TracepointDropSource.Open());
            if (stdoutClosed)
            {
                // Nothing we print could be seen, and a session nobody can see is worse than none.
                Console.Error.WriteLine("dropwatch: standard output is closed; nothing to print to (redirect it to a file or /dev/null instead)");
                return ExitCode.OutputError;
            }
            using var stdout = FdOutputStream.StandardOutput();
            using var stderr = FdOutputStream.StandardError();
            return Launcher.Run(settings, stdout, Console.Error, NetlinkSocket.Open, LineSources.ForConsole,
                () => TracepointDropSource.Open(new TracepointOptions { Callchain = settings.Stack }), stderr);
        });
    }

    /// <summary>
    /// Parses and checks the whole command line, then launches. Every bad option ends here with
    /// exit status 1, before a socket, a tracepoint or a symbol file is opened.
    /// </summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<LaunchSettings, int> launch)
    {
        RootCommand root = CliOptions.Build();
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
            return OptionError(stdout, stderr, parsed.Errors.Select(e => e.Message));
        // Only --help and --version carry an action of their own.
        if (parsed.Action is not null)
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });

        var settings = new LaunchSettings(
            parsed.GetValue(CliOptions.LookupMethod),
            parsed.GetValue(CliOptions.SystemMapFile),
            parsed.GetValue(CliOptions.KaslrOffset),
            parsed.GetValue(CliOptions.ReceiveBuffer),
            parsed.GetValue(CliOptions.Source) ?? "auto",
            parsed.GetValue(CliOptions.Format) == "json" ? OutputFormat.Json : OutputFormat.Text,
            parsed.GetValue(CliOptions.Payload),
            parsed.GetResult(CliOptions.ReceiveBuffer) is { Implicit: false },
            OneShotOptions.Read(parsed, parsed.GetResult(CliOptions.Format) is { Implicit: false }, out string? combination),
            parsed.GetValue(CliOptions.Pcapng),
            parsed.GetValue(CliOptions.Passive),
            parsed.GetValue(CliOptions.MetricsListen),
            parsed.GetValue(CliOptions.MetricsMaxSeries),
            parsed.GetValue(CliOptions.Table),
            parsed.GetValue(CliOptions.TableRows),
            parsed.GetValue(CliOptions.HideNoise),
            parsed.GetValue(CliOptions.Ignore) is { Length: > 0 } ignore ? ignore : null,
            parsed.GetValue(CliOptions.Top))
        {
            Filter = parsed.GetValue(CliOptions.Filter),
            Stack = parsed.GetValue(CliOptions.Stack),
            TableProcess = parsed.GetValue(CliOptions.TableProcess),
        };
        if (combination is not null)
            return OptionError(stdout, stderr, [combination]);
        if (ModeCombinations.Check(settings, parsed) is { } notApplying)
            return OptionError(stdout, stderr, [notApplying]);
        if (!OptionValues.TryParseIgnore(settings.Ignore ?? [], out string ignoreError))
            return OptionError(stdout, stderr, [ignoreError]);
        if (LookupSetup.CheckBeforeStart(LookupChoice.Parse(settings.LookupMethod), settings) is { } problem)
            return OptionError(stdout, stderr, [problem]);
        return launch(settings);
    }

    // The messages on stderr, the usage on stdout (where upstream prints its usage line).
    private static int OptionError(TextWriter stdout, TextWriter stderr, IEnumerable<string> messages)
    {
        foreach (string message in messages)
            stderr.WriteLine($"dropwatch: {message}");
        stderr.Flush();
        stdout.Write(UsageText.Usage);
        stdout.Flush();
        return ExitCode.Failure;
    }
}
