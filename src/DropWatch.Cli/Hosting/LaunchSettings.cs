using DropWatch.Cli.Output;

namespace DropWatch.Cli.Hosting;

/// <summary>What the command line asked for, before anything is opened. Values are already checked.</summary>
public sealed record LaunchSettings(string? LookupMethod, string? SystemMapFile, ulong? KaslrOffset, int ReceiveBufferBytes,
    string Source = "auto", OutputFormat Format = OutputFormat.Text, bool IncludePayload = false, bool ReceiveBufferGiven = false,
    bool PrintTable = false, int TableRows = 20, bool HideNoise = false, IReadOnlyList<string>? Ignore = null, bool Top = false);
