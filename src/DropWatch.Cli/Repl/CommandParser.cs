using System.Globalization;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Repl;

/// <summary>
/// Parses REPL lines. Upstream matches raw prefixes and silently ignores anything else; here
/// surrounding white space is tolerated, words are matched whole, and everything that is not a
/// command says why instead of vanishing.
/// </summary>
public static class CommandParser
{
    /// <summary>Words offered by tab completion, in help order.</summary>
    public static readonly string[] CommandWords = ["exit", "help", "set", "start", "stop", "show", "stats", "top"];
    public static readonly string[] SetWords = ["alertlimit", "alertmode", "trunc", "queue", "sw", "hw", "filter"];
    public static readonly string[] ShowWords = ["table"];

    public static Command Parse(string line)
    {
        string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return new Command.Empty();

        string verb = words[0];
        if (verb == "set")
            return words.Length >= 2 && words[1] == "filter" ? ParseSetFilter(line) : ParseSet(words);
        if (verb == "start" && words.Length == 2 && words[1] == "passive")
            return new Command.Start(Passive: true);
        if (verb == "show" && words.Length > 1)
            return words is [_, "table"] ? new Command.ShowTable() : new Command.Invalid("'show' takes no arguments, or 'table' (show table)");

        Command? simple = verb switch
        {
            "start" => new Command.Start(),
            "stop" => new Command.Stop(),
            "exit" => new Command.Exit(),
            "help" => new Command.Help(),
            "show" => new Command.Show(),
            "stats" => new Command.Stats(),
            "top" => new Command.Top(),
            _ => null,
        };
        if (simple is null)
            return new Command.Invalid($"unknown command '{verb}'; type 'help' for the list of commands");
        if (words.Length > 1)
            return new Command.Invalid($"'{verb}' takes no arguments");
        return simple;
    }

    private static Command ParseSet(string[] words)
    {
        if (words.Length < 2)
            return new Command.Invalid("'set' needs a setting: alertlimit, alertmode, trunc, queue, sw or hw");
        string setting = words[1];
        if (Array.IndexOf(SetWords, setting) < 0)
            return new Command.Invalid($"unknown setting '{setting}'; settings are alertlimit, alertmode, trunc, queue, sw, hw and filter");
        if (words.Length != 3)
            return new Command.Invalid($"'set {setting}' needs exactly one value");
        string value = words[2];

        switch (setting)
        {
            case "alertlimit":
                return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong limit)
                    ? new Command.SetAlertLimit(limit)
                    : BadNumber(setting, value, "a whole number (0 means no limit)");
            case "alertmode":
                return value switch
                {
                    "summary" => new Command.SetAlertMode(AlertMode.Summary),
                    "packet" => new Command.SetAlertMode(AlertMode.Packet),
                    _ => new Command.Invalid($"invalid alert mode '{value}'; use summary or packet"),
                };
            case "trunc":
                return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint trunc)
                    ? new Command.SetTruncation(trunc)
                    : BadNumber(setting, value, "a length from 0 to 4294967295 (0 means no truncation)");
            case "queue":
                return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint queue)
                    ? new Command.SetQueueLength(queue)
                    : BadNumber(setting, value, "a length from 0 to 4294967295");
            default: // sw, hw
                bool? enabled = value switch
                {
                    "true" or "1" => true,
                    "false" or "0" => false,
                    _ => null,
                };
                if (enabled is null)
                    return new Command.Invalid($"invalid boolean value '{value}' for '{setting}'; use true, false, 1 or 0");
                return setting == "sw" ? new Command.SetSoftware(enabled.Value) : new Command.SetHardware(enabled.Value);
        }
    }

    /// <summary>The expression is the rest of the line, spaces and all; it is compiled by the session (it needs the source's reason names).</summary>
    private static Command ParseSetFilter(string line)
    {
        int at = line.IndexOf("filter", line.IndexOf("set", StringComparison.Ordinal) + 3, StringComparison.Ordinal) + "filter".Length;
        string expression = line[at..].Trim();
        return new Command.SetFilter(expression.Length == 0 ? null : expression);
    }

    private static Command.Invalid BadNumber(string setting, string value, string expected) =>
        new($"invalid number '{value}' for '{setting}'; expected {expected}");
}
