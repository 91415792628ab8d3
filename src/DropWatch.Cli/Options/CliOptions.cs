using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace DropWatch.Cli.Options;

/// <summary>The command line: upstream's <c>-l</c> plus our additions. Values only; no behaviour.</summary>
public static class CliOptions
{
    public static readonly Option<string?> LookupMethod = new("--lmethod", "-l")
    {
        Description = "Symbol lookup method: kas (/proc/kallsyms), sysmap (System.map), null (raw addresses), or list " +
                      "(default: kas when /proc/kallsyms shows real addresses, else null)",
        HelpName = "method | list",
    };

    public static readonly Option<string?> SystemMapFile = new("--sysmap-file")
    {
        Description = "System.map to use with -l sysmap (default: /boot/System.map-$(uname -r))",
        HelpName = "path",
    };

    public static readonly Option<ulong?> KaslrOffset = new("--kaslr-offset")
    {
        Description = "KASLR slide to add to System.map addresses, in hex, with -l sysmap (default: detected)",
        HelpName = "hex",
        CustomParser = result => Parse(result, (string text, out ulong? value, out string error) =>
        {
            bool ok = OptionValues.TryParseKaslrOffset(text, out ulong slide, out error);
            value = slide;
            return ok;
        }),
    };

    public static readonly Option<int> ReceiveBuffer = new("--receive-buffer")
    {
        Description = "Kernel receive queue for NET_DM alerts, in bytes",
        DefaultValueFactory = _ => 4 * 1024 * 1024,
        CustomParser = result => Parse(result, (string text, out int value, out string error) =>
            OptionValues.TryParseReceiveBuffer(text, out value, out error)),
        HelpName = "bytes",
    };

    public static readonly Option<string> Source = new("--source")
    {
        Description = "Where drops come from: auto (NET_DM, else the skb:kfree_skb tracepoint), netdm (upstream's behaviour: exit if NET_DM is missing), tracepoint",
        DefaultValueFactory = _ => "auto",
        CustomParser = result => Parse(result, (string text, out string value, out string error) =>
            OptionValues.TryParseSource(text, out value, out error)),
        HelpName = "auto|netdm|tracepoint",
    };

    public static readonly Option<string> Format = new("--format")
    {
        Description = "How drops are printed: text (upstream's lines) or json (JSON Lines on stdout; the prompt and replies go to stderr)",
        DefaultValueFactory = _ => "text",
        CustomParser = result => Parse(result, (string text, out string value, out string error) =>
            OptionValues.TryParseFormat(text, out value, out error)),
        HelpName = "text|json",
    };

    public static readonly Option<bool> Payload = new("--payload")
    {
        Description = "With --format json, include each packet's captured bytes as base64",
    };

    public static readonly Option<string?> Pcapng = new("--pcapng")
    {
        Description = "Also write every dropped packet (NET_DM packet mode) to a pcapng file, each with a comment " +
                      "saying where and why it was dropped; - writes it to stdout (the prompt and records then go to stderr) (default: none, no capture)",
        HelpName = "file|-",
    };

    public static readonly Option<bool> Passive = new("--passive")
    {
        Description = "start only listens to a drop monitor another client owns: no START, STOP or configuration is sent",
    };

    public static readonly Option<Exporter.ListenEndpoint?> MetricsListen = new("--metrics-listen")
    {
        Description = "Run as a Prometheus exporter: no prompt, serve GET /metrics on [ADDRESS:]PORT (127.0.0.1 unless given; 0.0.0.0 for every IPv4 interface; IPv6 in brackets, [::1]:PORT, [::]:PORT for every interface) (default: off; there is no default port)",
        HelpName = "[address:]port",
        CustomParser = result => Parse(result, (string text, out Exporter.ListenEndpoint? value, out string error) =>
        {
            bool ok = Exporter.ListenEndpoint.TryParse(text, out Exporter.ListenEndpoint endpoint, out error);
            value = endpoint;
            return ok;
        }),
    };

    public static readonly Option<int> MetricsMaxSeries = new("--metrics-max-series")
    {
        Description = "With --metrics-listen: most dropwatch_drops_total series (later locations are counted as location=\"other\")",
        DefaultValueFactory = _ => Exporter.DropMetrics.DefaultMaxSeries,
        CustomParser = result => Parse(result, (string text, out int value, out string error) =>
            Exporter.SeriesBound.TryParse(text, out value, out error)),
        HelpName = "count",
    };

    public static readonly Option<string?> Filter = new("--filter")
    {
        Description = "Show only the drops that match EXPR, e.g. 'reason == NO_SOCKET && dport in (53, 5353)' (grammar: README, man dropwatch) (default: none, every drop is shown)",
        HelpName = "expr",
        CustomParser = result => Parse(result, (string text, out string? value, out string error) =>
            OptionValues.TryParseFilter(text, out value, out error)),
    };

    public static readonly Option<bool> Stack = new("--stack")
    {
        Description = "Tracepoint source: record each drop's kernel stack and show it with the process and CPU (packet mode)",
    };

    public static readonly Option<bool> Table = new("--table")
    {
        Description = "Print the drop table (counts by location and reason) when each monitoring session ends; JSON mode always writes it as a \"table\" object",
    };

    public static readonly Option<int> TableRows = new("--table-rows")
    {
        Description = "Rows the printed drop table shows, from 1 (default 20; the total always counts every drop)",
        DefaultValueFactory = _ => 20,
        CustomParser = result => Parse(result, (string text, out int value, out string error) =>
            OptionValues.TryParseTableRows(text, out value, out error)),
        HelpName = "N",
    };

    public static readonly Option<bool> TableProcess = new("--table-process")
    {
        Description = "Tracepoint source: count the drop table by process too, shown as comm[pid] (text, JSON and --top); NET_DM alerts carry no process",
    };

    public static readonly Option<bool> HideNoise = new("--hide-noise")
    {
        Description = "Hide packets with L3 protocol 0 (socket queues purged on close) from every output",
    };

    public static readonly Option<string[]> Ignore = new("--ignore")
    {
        Description = "Hide drops whose symbol matches this glob (* and ?), e.g. 'sk_stream_kill_queues'; repeatable (default: none)",
        HelpName = "glob",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<bool> Top = new("--top")
    {
        Description = "Monitor at once and show the drop table live, redrawn every second (keys: q quit, s sort, p pause); plain tables every second when not on a terminal; with --start, the one-shot run under the view",
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("dropwatch: see where the Linux kernel drops packets (NET_DM drop monitor client)")
        {
            LookupMethod,
            SystemMapFile,
            KaslrOffset,
            ReceiveBuffer,
            Source,
            Format,
            Payload,
            Pcapng,
            Passive,
            MetricsListen,
            MetricsMaxSeries,
            Filter,
            Stack,
            Table,
            TableRows,
            TableProcess,
            HideNoise,
            Ignore,
            Top,
        };
        OneShotOptions.AddTo(root);
        AddHelpSections(root);
        return root;
    }

    internal delegate bool TryParse<T>(string text, out T value, out string error);

    // Our message instead of System.CommandLine's "as expected type 'System.Int32'": say what is expected.
    // Also used by OneShotOptions.
    internal static T Parse<T>(ArgumentResult result, TryParse<T> tryParse)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (tryParse(text, out T value, out string error))
            return value;
        result.AddError(error);
        return default!;
    }

    // --help: our full usage instead of "dropwatch [options]", then the REPL commands, the exit
    // statuses and the environment, which a user otherwise finds only in the README.
    private static void AddHelpSections(RootCommand root)
    {
        HelpOption help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard)
            help.Action = new FullHelpAction(standard);
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
    }
}
