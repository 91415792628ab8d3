namespace DropWatch.Cli.Table;

/// <summary>One key's totals. Made once per new key; updated in place for every later drop.</summary>
public sealed class DropTableRow(DropTableKey key, string location, bool resolved, string? reason, string? origin)
{
    public DropTableKey Key { get; } = key;

    /// <summary><c>function+offset</c>, the kernel's symbol text, the trap, or the raw address.</summary>
    public string Location { get; internal set; } = location;

    /// <summary>False while the location is only an address; it is named once symbols are ready.</summary>
    public bool Resolved { get; internal set; } = resolved;

    /// <summary>The reason's name; null when the event had none.</summary>
    public string? Reason { get; } = reason;

    public string? Origin { get; } = origin;

    public ulong Count { get; internal set; }

    /// <summary>Wall-clock ns since the Unix epoch.</summary>
    public ulong FirstNs { get; internal set; }

    public ulong LastNs { get; internal set; }

    public RateHistory History { get; } = new();

    internal void Add(ulong count, ulong nowNs)
    {
        if (Count == 0)
            FirstNs = nowNs;
        Count += count;
        LastNs = nowNs;
        History.Add((long)(nowNs / 1_000_000_000), count);
    }
}
