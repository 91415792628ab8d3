namespace DropWatch.Cli.Exporter;

/// <summary>The label values of one counter series (unused trailing values are empty and not written).</summary>
public readonly record struct SeriesLabels(string First, string Second, string Third = "");
