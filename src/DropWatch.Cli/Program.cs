using System.CommandLine;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Options;

namespace DropWatch.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        SignalHandlers.UnignoreInheritedInterrupts();
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

        var settings = new LaunchSettings(
            parsed.GetValue(CliOptions.LookupMethod),
            parsed.GetValue(CliOptions.SystemMapFile),
            parsed.GetValue(CliOptions.KaslrOffset),
            parsed.GetValue(CliOptions.ReceiveBuffer),
            parsed.GetValue(CliOptions.Source) ?? "auto");
        return Launcher.Run(settings, Console.OpenStandardOutput(), Console.Error);
    }
}
