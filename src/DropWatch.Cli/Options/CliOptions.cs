using System.CommandLine;

namespace DropWatch.Cli.Options;

/// <summary>The command line: upstream's <c>-l</c> plus our additions. Values only; no behaviour.</summary>
public static class CliOptions
{
    public const string UsageLine = "dropwatch [-l|--lmethod <method | list>]";

    public static readonly Option<string?> LookupMethod = new("--lmethod", "-l")
    {
        Description = "Symbol lookup method: kas (/proc/kallsyms), sysmap (System.map), null (raw addresses), or list",
        HelpName = "method | list",
    };

    public static readonly Option<string?> SystemMapFile = new("--sysmap-file")
    {
        Description = "System.map to use with -l sysmap (default: /boot/System.map-$(uname -r))",
        HelpName = "path",
    };

    public static readonly Option<string?> KaslrOffset = new("--kaslr-offset")
    {
        Description = "KASLR slide to add to System.map addresses, in hex (default: detected)",
        HelpName = "hex",
    };

    public static readonly Option<int> ReceiveBuffer = new("--receive-buffer")
    {
        Description = "Kernel receive queue for alerts, in bytes",
        DefaultValueFactory = _ => 4 * 1024 * 1024,
        HelpName = "bytes",
    };

    public static readonly Option<string> Source = new("--source")
    {
        Description = "Where drops come from: auto (NET_DM, else the skb:kfree_skb tracepoint), netdm (upstream's behaviour: exit if NET_DM is missing), tracepoint",
        DefaultValueFactory = _ => "auto",
        HelpName = "auto|netdm|tracepoint",
    };

    public static readonly Option<string> Format = new("--format")
    {
        Description = "How drops are printed: text (upstream's lines) or json (JSON Lines on stdout; the prompt and replies go to stderr)",
        DefaultValueFactory = _ => "text",
        HelpName = "text|json",
    };

    public static readonly Option<bool> Payload = new("--payload")
    {
        Description = "With --format json, include each packet's captured bytes as base64",
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
        };
        Source.AcceptOnlyFromAmong("auto", "netdm", "tracepoint");
        Format.AcceptOnlyFromAmong("text", "json");
        return root;
    }
}
