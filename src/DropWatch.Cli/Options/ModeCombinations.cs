using System.CommandLine;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;

namespace DropWatch.Cli.Options;

/// <summary>
/// The modes (the prompt, a one-shot run, the exporter) each honour some options; an option its mode
/// would ignore is refused up front, so nobody believes a filter or a capture is in effect when it is not.
/// </summary>
public static class ModeCombinations
{
    /// <summary>Also said at launch when <c>--source auto</c> found NET_DM.</summary>
    public const string TableProcessNeedsTracepoint =
        "--table-process needs the tracepoint source (NET_DM alerts carry no process); use --source tracepoint";

    /// <summary>The first option that does not apply to the mode asked for, as a message; null when all apply.</summary>
    public static string? Check(LaunchSettings settings, ParseResult parsed)
    {
        bool Given(Option option) => parsed.GetResult(option) is { Implicit: false };

        if (settings.MetricsListen is not null)
        {
            // The exporter counts every drop by location and reason; it has no stdout, prompt or capture.
            (Option Option, string Name)[] notForExporter =
            [
                (CliOptions.Format, "--format"), (CliOptions.Payload, "--payload"), (CliOptions.Pcapng, "--pcapng"),
                (CliOptions.Passive, "--passive"), (CliOptions.Filter, "--filter"), (CliOptions.Stack, "--stack"),
                (CliOptions.Table, "--table"), (CliOptions.TableRows, "--table-rows"), (CliOptions.TableProcess, "--table-process"), (CliOptions.Top, "--top"),
                (CliOptions.HideNoise, "--hide-noise"), (CliOptions.Ignore, "--ignore"),
            ];
            foreach (var (option, name) in notForExporter)
            {
                if (Given(option))
                    return $"{name} does not apply to --metrics-listen (the exporter counts every drop; it writes no records)";
            }
            if (settings.OneShot is not null)
                return "--metrics-listen runs on its own; it cannot be combined with --start, --query, --stats or --stop";
            return null;
        }
        if (Given(CliOptions.MetricsMaxSeries))
            return "--metrics-max-series applies only with --metrics-listen";
        if (settings.Top && settings.OneShot is { Action: not OneShot.OneShotAction.Start })
            return "--top monitors with the live view; --query, --stats and --stop do not monitor";
        if (settings.Stack && settings.Source == "netdm")
            return "--stack needs the tracepoint source (NET_DM alerts carry no process or stack)";
        if (settings.TableProcess && settings.Source == "netdm")
            return TableProcessNeedsTracepoint;
        if (settings.TableRows != 20 && !settings.PrintTable && !settings.Top && settings.Format != OutputFormat.Json)
            return "--table-rows sets the rows of the table that --table, --top or --format json print; none was asked for";
        return null;
    }
}
