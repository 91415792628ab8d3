using DropWatch.Cli.Output;

namespace DropWatch.Cli.Hosting;

/// <summary>What the command line asked for, before anything is opened. Values are already checked.</summary>
public sealed record LaunchSettings(string? LookupMethod, string? SystemMapFile, ulong? KaslrOffset, int ReceiveBufferBytes,
    string Source = "auto", OutputFormat Format = OutputFormat.Text, bool IncludePayload = false, bool ReceiveBufferGiven = false,
    OneShot.OneShotRequest? OneShot = null, string? PcapngPath = null, bool Passive = false,
    Exporter.ListenEndpoint? MetricsListen = null, int MetricsMaxSeries = Exporter.DropMetrics.DefaultMaxSeries,
    bool PrintTable = false, int TableRows = 20, bool HideNoise = false, IReadOnlyList<string>? Ignore = null, bool Top = false)
{
    /// <summary><c>--filter</c>: the expression (syntax already checked), or null.</summary>
    public string? Filter { get; init; }

    /// <summary><c>--stack</c>: kernel stacks (and the process/CPU lines in text) on the tracepoint source.</summary>
    public bool Stack { get; init; }

    /// <summary><c>--table-process</c>: the drop table keyed by process too (tracepoint source only).</summary>
    public bool TableProcess { get; init; }
}
