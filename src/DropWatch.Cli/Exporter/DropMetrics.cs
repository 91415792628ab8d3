using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// The pipeline sink behind <c>/metrics</c>: counts drops by (origin, function, reason) and hardware
/// drops by (trap group, trap), for the life of the process — sessions begin and end, counters
/// only grow. Runs on the monitoring thread; allocates only when a new label value first appears.
/// </summary>
public sealed class DropMetrics : IDropSink
{
    public const int DefaultMaxSeries = 200;

    /// <summary>Location of a drop without a PC or whose PC no symbol covers.</summary>
    public const string UnknownLocation = "unknown";

    private readonly LabelInterner _names = new();

    public DropMetrics(int maxSeries = DefaultMaxSeries)
    {
        Drops = new BoundedCounterTable(maxSeries, foldedLabel: 1);
        HardwareDrops = new BoundedCounterTable(maxSeries, foldedLabel: 1);
    }

    /// <summary><c>dropwatch_drops_total{origin, location, reason}</c>.</summary>
    public BoundedCounterTable Drops { get; }

    /// <summary><c>dropwatch_hardware_drops_total{trap_group, trap}</c>.</summary>
    public BoundedCounterTable HardwareDrops { get; }

    public void OnSessionStarted(in SessionStart start)
    {
    }

    public void OnDrop(in DropEvent drop, in DropLocation location)
    {
        if (drop.Kind == DropKind.HardwareSummary || (drop.HasOrigin && drop.Origin == DropOrigin.Hardware))
        {
            HardwareDrops.Add(new SeriesLabels(
                drop.HasTrapGroup ? _names.Intern(drop.TrapGroup) : "",
                drop.HasTrapName ? _names.Intern(drop.TrapName) : ""), drop.Count);
            return;
        }
        string origin = !drop.HasOrigin || drop.Origin == DropOrigin.Software ? "software" : "unknown";
        string reason = drop.HasReason ? _names.Intern(drop.Reason) : "";
        Drops.Add(new SeriesLabels(origin, Location(drop, location), reason), drop.Count);
    }

    public void OnSessionEnded(in SessionEnd end)
    {
    }

    // The symbol table's own string when we resolved the PC; else the function part of the
    // kernel's "func+0xoff/0xsize" text (NET_DM packets), interned.
    private string Location(in DropEvent drop, in DropLocation location)
    {
        if (location.Resolved)
            return location.Symbol.Name;
        if (drop.HasKernelSymbol && drop.KernelSymbol.Length > 0)
        {
            ReadOnlySpan<byte> text = drop.KernelSymbol;
            int plus = text.IndexOf((byte)'+');
            return _names.Intern(plus > 0 ? text[..plus] : text);
        }
        return UnknownLocation;
    }
}
