using System.CommandLine;
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
        SignalHandlers.UnignoreInheritedInterrupts();
        bool stdoutClosed = StandardStreams.FillClosed();
        RootCommand root = CliOptions.Build();
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
                Console.Error.WriteLine($"dropwatch: {e.Message}");
            Console.Out.WriteLine(CliOptions.UsageLine);
            return ExitCode.Failure;
        }
        // Only --help and --version carry an action of their own.
        if (parsed.Action is not null)
            return parsed.Invoke();

        if (stdoutClosed)
        {
            // Nothing we print could be seen, and a session nobody can see is worse than none.
            Console.Error.WriteLine("dropwatch: standard output is closed; nothing to print to (redirect it to a file or /dev/null instead)");
            return ExitCode.OutputError;
        }

        var settings = new LaunchSettings(
            parsed.GetValue(CliOptions.LookupMethod),
            parsed.GetValue(CliOptions.SystemMapFile),
            parsed.GetValue(CliOptions.KaslrOffset),
            parsed.GetValue(CliOptions.ReceiveBuffer),
            parsed.GetValue(CliOptions.Source) ?? "auto",
            parsed.GetValue(CliOptions.Format) == "json" ? OutputFormat.Json : OutputFormat.Text,
            parsed.GetValue(CliOptions.Payload));
        using var stdout = FdOutputStream.StandardOutput();
        using var stderr = FdOutputStream.StandardError();
        return Launcher.Run(settings, stdout, Console.Error, NetlinkSocket.Open, LineSources.ForConsole,
            () => TracepointDropSource.Open(), stderr);
    }
}
