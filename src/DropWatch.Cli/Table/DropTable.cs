using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Table;

/// <summary>
/// Drops counted by (location, reason, origin, input interface, and with <see cref="ByProcess"/> the process)
/// for one monitoring session. Memory is
/// bounded: at most <see cref="MaxKeys"/> rows; drops at further keys are added to one "other" row and
/// counted as folded, so the total stays exact. A drop at a known key allocates nothing: the dictionary
/// is sized up front, the key is a struct and names are interned.
/// </summary>
public sealed class DropTable
{
    public const int DefaultMaxKeys = 1024;

    private readonly Dictionary<DropTableKey, DropTableRow> _rows;
    private readonly NameInterner _reasons = new(256);
    private readonly NameInterner _places;
    private readonly NameInterner? _comms;
    private readonly Func<ulong> _nowNs;
    private DropTableRow _other = NewOther();

    /// <param name="nowNs">Wall clock in ns since the Unix epoch (a fake one in tests).</param>
    /// <param name="byProcess">Key rows by process too (<c>--table-process</c>; the tracepoint source's pid and comm).</param>
    public DropTable(Func<ulong> nowNs, int maxKeys = DefaultMaxKeys, bool byProcess = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        MaxKeys = maxKeys;
        _nowNs = nowNs;
        _rows = new Dictionary<DropTableKey, DropTableRow>(maxKeys);
        _places = new NameInterner(maxKeys);
        ByProcess = byProcess;
        if (byProcess)
            _comms = new NameInterner(maxKeys);
    }

    public int MaxKeys { get; }

    /// <summary>Whether the process is part of the key (and a column of the table).</summary>
    public bool ByProcess { get; }

    /// <summary>Interface names by index. Until one is wired in, interfaces show as <c>ifindex N</c>.</summary>
    public Func<int, string?>? InterfaceName { get; set; }

    /// <summary>Whether a session has begun since this table was made.</summary>
    public bool HasSession { get; private set; }

    public string Source { get; private set; } = "";

    public AlertMode Mode { get; private set; }

    public ulong StartNs { get; private set; }

    /// <summary>When the session ended, or 0 while it runs.</summary>
    public ulong EndNs { get; private set; }

    /// <summary>Every drop counted, including those folded into <see cref="Other"/>.</summary>
    public ulong Total { get; private set; }

    /// <summary>Drops at keys past <see cref="MaxKeys"/>.</summary>
    public ulong FoldedDrops => _other.Count;

    public DropTableRow Other => _other;

    public int KeyCount => _rows.Count;

    public IEnumerable<DropTableRow> Rows => _rows.Values;

    public ulong Now() => EndNs != 0 ? EndNs : _nowNs();

    public void Begin(in SessionStart start)
    {
        HasSession = true;
        Source = start.Source;
        Mode = start.Mode;
        StartNs = _nowNs();
        EndNs = 0;
        Total = 0;
        // Clear keeps the dictionary's buckets: the next session does not grow it again.
        _rows.Clear();
        _other = NewOther();
    }

    public void End() => EndNs = _nowNs();

    public void Add(in DropEvent drop, in DropLocation location)
    {
        DropTableKey key = KeyOf(drop);
        // The kernel's time of the drop when the event has one: sources deliver in bursts, so the
        // arrival time would make every drop of a burst look simultaneous.
        ulong now = drop.HasTimestamp && drop.TimestampNs != 0 ? drop.TimestampNs : _nowNs();
        ref DropTableRow row = ref CollectionsMarshal.GetValueRefOrNullRef(_rows, key);
        if (Unsafe.IsNullRef(ref row))
        {
            // Checked before adding: the dictionary never grows past the size it was made with.
            if (_rows.Count >= MaxKeys)
            {
                Count(_other, drop.Count, now);
                return;
            }
            DropTableRow added = NewRow(key, drop, location);
            _rows.Add(key, added);
            Count(added, drop.Count, now);
            return;
        }
        if (!row.Resolved && location.Resolved)
        {
            // Symbols load in the background: the first drops may have come before them.
            row.Location = LocationText(drop, location);
            row.Resolved = true;
        }
        Count(row, drop.Count, now);
    }

    private void Count(DropTableRow row, uint count, ulong now)
    {
        row.Add(count, now);
        Total += count;
    }

    private DropTableKey KeyOf(in DropEvent drop)
    {
        int place = -1;
        if (!drop.HasPc)
        {
            if (drop.HasTrapName)
                place = _places.Intern(drop.TrapName);
            else if (drop.HasKernelSymbol)
                place = _places.Intern(drop.KernelSymbol);
        }
        bool process = _comms is not null && drop.HasProcess;
        return new DropTableKey(
            drop.HasPc ? drop.Pc : 0,
            place,
            drop.HasReason ? _reasons.Intern(drop.Reason) : -1,
            OriginOf(drop),
            drop.HasIfIndex ? drop.IfIndex : -1,
            process ? drop.Pid : -1,
            process && !drop.Comm.IsEmpty ? _comms!.Intern(drop.Comm) : -1);
    }

    private static ushort OriginOf(in DropEvent drop)
    {
        if (drop.HasOrigin)
            return (ushort)drop.Origin;
        return drop.Kind switch
        {
            DropKind.SoftwareSummary => (ushort)DropOrigin.Software,
            DropKind.HardwareSummary => (ushort)DropOrigin.Hardware,
            _ => DropTableKey.NoOrigin,
        };
    }

    private DropTableRow NewRow(DropTableKey key, in DropEvent drop, in DropLocation location)
    {
        string? origin = key.Origin switch
        {
            (ushort)DropOrigin.Software => "software",
            (ushort)DropOrigin.Hardware => "hardware",
            DropTableKey.NoOrigin => null,
            _ => "unknown",
        };
        return new DropTableRow(key, LocationText(drop, location), location.Resolved || !drop.HasPc,
            key.Reason >= 0 || key.Reason == NameInterner.Overflow ? _reasons.Name(key.Reason) : null, origin,
            key.Comm >= 0 || key.Comm == NameInterner.Overflow ? _comms!.Name(key.Comm) : null);
    }

    private static string LocationText(in DropEvent drop, in DropLocation location)
    {
        if (location.Resolved)
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"{location.Symbol.Name}+0x{location.Symbol.Offset:x}");
            return location.Symbol.Module is { } module ? $"{text} [{module}]" : text;
        }
        if (drop.HasKernelSymbol)
            return Encoding.UTF8.GetString(drop.KernelSymbol);
        if (drop.HasPc)
            return drop.Pc == 0 ? "(nil)" : string.Create(CultureInfo.InvariantCulture, $"0x{drop.Pc:x}");
        if (drop.HasTrapName)
            return Encoding.UTF8.GetString(drop.TrapName);
        return "(unknown)";
    }

    /// <summary>The interface column: the name when known, else the index, else "-".</summary>
    public string InterfaceText(DropTableRow row)
    {
        if (row.Key.IfIndex < 0 || row == _other)
            return "-";
        int index = (int)row.Key.IfIndex;
        return InterfaceName?.Invoke(index) ?? string.Create(CultureInfo.InvariantCulture, $"ifindex {index}");
    }

    /// <summary>The process column (<see cref="ByProcess"/>): <c>comm[pid]</c>, or "-" for drops with no process.</summary>
    public string ProcessText(DropTableRow row) => row.Process ?? "-";

    /// <summary>The reason column: what the kernel said, or why there is nothing to say.</summary>
    public string ReasonText(DropTableRow row)
    {
        if (row.Reason is { } reason)
            return reason;
        if (row == _other)
            return "-";
        return Mode == AlertMode.Summary ? "(summary mode: no reason)" : "-";
    }

    /// <summary>Drops in the last whole second before now (the rate a top-like view shows).</summary>
    public ulong LastSecond(DropTableRow row) => row.History.In((long)(Now() / 1_000_000_000) - 1);

    /// <summary>Session average, drops per second.</summary>
    public double SessionRate(DropTableRow row)
    {
        double seconds = (Now() - StartNs) / 1e9;
        return seconds > 0 ? row.Count / seconds : 0;
    }

    public double Seconds => (Now() - StartNs) / 1e9;

    private static DropTableRow NewOther() =>
        new(new DropTableKey(0, -1, -1, DropTableKey.NoOrigin, -1), "(other keys)", true, null, null);
}
