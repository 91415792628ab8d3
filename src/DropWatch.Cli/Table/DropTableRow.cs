using System.Globalization;

namespace DropWatch.Cli.Table;

/// <summary>One key's totals. Made once per new key; updated in place for every later drop.</summary>
public sealed class DropTableRow(DropTableKey key, string location, bool resolved, string? reason, string? origin, string? comm = null)
{
    public DropTableKey Key { get; } = key;

    /// <summary><c>function+offset</c>, the kernel's symbol text, the trap, or the raw address.</summary>
    public string Location { get; internal set; } = location;

    /// <summary>False while the location is only an address; it is named once symbols are ready.</summary>
    public bool Resolved { get; internal set; } = resolved;

    /// <summary>The reason's name; null when the event had none.</summary>
    public string? Reason { get; } = reason;

    public string? Origin { get; } = origin;

    /// <summary>With <c>--table-process</c>: the command name of <see cref="DropTableKey.Pid"/>; null when not keyed by process or not known.</summary>
    public string? Comm { get; } = comm;

    /// <summary><c>comm[pid]</c> (just <c>[pid]</c> when the name could not be read); null when the row has no process.</summary>
    public string? Process { get; } = key.Pid < 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{comm}[{key.Pid}]");

    public ulong Count { get; internal set; }

    /// <summary>Wall-clock ns since the Unix epoch.</summary>
    public ulong FirstNs { get; internal set; }

    public ulong LastNs { get; internal set; }

    public RateHistory History { get; } = new();

    internal void Add(ulong count, ulong nowNs)
    {
        // Earliest and latest, not first and last delivered: the tracepoint's rings are drained one CPU
        // after another, so a later batch can hold an earlier drop.
        if (Count == 0 || nowNs < FirstNs)
            FirstNs = nowNs;
        Count += count;
        if (nowNs > LastNs)
            LastNs = nowNs;
        History.Add((long)(nowNs / 1_000_000_000), count);
    }
}
