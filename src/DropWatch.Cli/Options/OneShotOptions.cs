using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DropWatch.Cli.OneShot;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Options;

/// <summary>
/// The non-interactive options: one action (<c>--start</c>, <c>--query</c>, <c>--stats</c>, <c>--stop</c>)
/// and the settings of a <c>--start</c> run. Values and their combinations are checked here, before
/// anything is opened.
/// </summary>
public static class OneShotOptions
{
    public static readonly Option<bool> Start = new("--start")
    {
        Description = "Monitor without the prompt: configure, start, print records until --count, --duration, Ctrl-C, SIGTERM or SIGHUP, stop, restore the configuration",
    };

    public static readonly Option<bool> Query = new("--query")
    {
        Description = "Print the drop monitor's configuration (what 'show' prints) and exit",
    };

    public static readonly Option<bool> Stats = new("--stats")
    {
        Description = "Print the drop monitor's statistics (what 'stats' prints) and exit",
    };

    public static readonly Option<bool> Stop = new("--stop")
    {
        Description = "Send STOP and exit: turns off monitoring left on by another or a killed client (software and hardware drops; with --sw/--hw: only those)",
    };

    public static readonly Option<string> Mode = new("--mode")
    {
        Description = "With --start: alert mode, summary (counts per location) or packet (one record per dropped packet)",
        DefaultValueFactory = _ => "summary",
        CustomParser = result => CliOptions.Parse(result, (string text, out string value, out string error) =>
        {
            value = text;
            error = $"invalid --mode '{text}': expected summary or packet";
            return text is "summary" or "packet";
        }),
        HelpName = "summary|packet",
    };

    public static readonly Option<ulong> Count = new("--count")
    {
        Description = "With --start: stop after this many records (0: no limit; the REPL's 'set alertlimit')",
        DefaultValueFactory = _ => 0,
        CustomParser = result => CliOptions.Parse(result, (string text, out ulong value, out string error) =>
        {
            error = $"invalid --count '{text}': expected a number of records from 0 (no limit) to {ulong.MaxValue}";
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }),
        HelpName = "N",
    };

    public static readonly Option<TimeSpan?> Duration = new("--duration")
    {
        Description = "With --start: stop after this long, e.g. 500ms, 30s, 2m, 1h or plain seconds (default: no limit)",
        CustomParser = result => CliOptions.Parse(result, (string text, out TimeSpan? value, out string error) =>
        {
            bool ok = DurationValue.TryParse("--duration", text, out TimeSpan duration, out error);
            value = duration;
            return ok;
        }),
        HelpName = "time",
    };

    public static readonly Option<bool> Software = new("--sw")
    {
        Description = "With --start or --stop: software drops (with neither --sw nor --hw, --start watches software drops, the kernel's default)",
    };

    public static readonly Option<bool> Hardware = new("--hw")
    {
        Description = "With --start or --stop: hardware drops (devlink traps; NET_DM only)",
    };

    public static readonly Option<uint?> Truncation = new("--trunc")
    {
        Description = "With --start: bytes of each packet the kernel copies in packet mode, 0 for all (NET_DM only; default: the kernel's current value)",
        CustomParser = result => CliOptions.Parse(result, (string text, out uint? value, out string error) => ParseU32("--trunc", "bytes", text, out value, out error)),
        HelpName = "bytes",
    };

    public static readonly Option<uint?> Queue = new("--queue")
    {
        Description = "With --start: packets the kernel queues per CPU in packet mode (NET_DM only; default: the kernel's current value)",
        CustomParser = result => CliOptions.Parse(result, (string text, out uint? value, out string error) => ParseU32("--queue", "packets", text, out value, out error)),
        HelpName = "packets",
    };

    public static readonly Option<bool> KeepConfig = new("--keep-config")
    {
        Description = "With --start: leave the alert mode, truncation and queue length as set (default: put back what this run changed)",
    };

    private static readonly Option[] StartOnly = [Mode, Count, Duration, Truncation, Queue, KeepConfig];

    public static void AddTo(RootCommand root)
    {
        foreach (Option option in new Option[] { Start, Query, Stats, Stop, Mode, Count, Duration, Software, Hardware, Truncation, Queue, KeepConfig })
            root.Options.Add(option);
    }

    /// <summary>
    /// The one-shot request, or null for the REPL. <paramref name="error"/> is set when the options
    /// do not go together (then the result is null too).
    /// </summary>
    public static OneShotRequest? Read(ParseResult parsed, bool formatGiven, out string? error)
    {
        error = null;
        var actions = new List<(Option Option, OneShotAction Action)>();
        foreach ((Option<bool> option, OneShotAction each) in new[]
                 { (Start, OneShotAction.Start), (Query, OneShotAction.Query), (Stats, OneShotAction.Stats), (Stop, OneShotAction.Stop) })
        {
            if (parsed.GetValue(option))
                actions.Add((option, each));
        }
        if (actions.Count > 1)
        {
            error = $"{actions[0].Option.Name} and {actions[1].Option.Name} cannot be combined: give one of --start, --query, --stats, --stop";
            return null;
        }
        OneShotAction? chosen = actions.Count == 1 ? actions[0].Action : null;

        Option? misplaced = chosen == OneShotAction.Start ? null : StartOnly.FirstOrDefault(o => Given(parsed, o));
        if (misplaced is null && chosen is not (OneShotAction.Start or OneShotAction.Stop))
            misplaced = new Option[] { Software, Hardware }.FirstOrDefault(o => Given(parsed, o));
        if (misplaced is not null)
        {
            error = $"{misplaced.Name} applies only to {(misplaced == Software || misplaced == Hardware ? "--start or --stop" : "--start")}" +
                    (chosen is null ? " (without it the interactive prompt runs, where 'set' changes settings)" : "");
            return null;
        }
        if (chosen is OneShotAction.Query or OneShotAction.Stats or OneShotAction.Stop && formatGiven)
        {
            error = $"--format applies to --start (records); {actions[0].Option.Name} prints upstream's text";
            return null;
        }
        if (chosen is not { } action)
            return null;

        Origins origins = (parsed.GetValue(Software) ? Origins.Software : Origins.None) |
                          (parsed.GetValue(Hardware) ? Origins.Hardware : Origins.None);
        return new OneShotRequest(action,
            parsed.GetValue(Mode) == "packet" ? AlertMode.Packet : AlertMode.Summary,
            parsed.GetValue(Count),
            parsed.GetValue(Duration),
            origins,
            parsed.GetValue(Truncation),
            parsed.GetValue(Queue),
            parsed.GetValue(KeepConfig));
    }

    private static bool Given(ParseResult parsed, Option option) => parsed.GetResult(option) is { Implicit: false };

    private static bool ParseU32(string option, string unit, string text, out uint? value, out string error)
    {
        error = $"invalid {option} '{text}': expected a number of {unit} from 0 to {uint.MaxValue}";
        bool ok = uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint parsed);
        value = ok ? parsed : null;
        return ok;
    }
}
