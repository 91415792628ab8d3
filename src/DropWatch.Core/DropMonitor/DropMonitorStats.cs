namespace DropWatch.Core.DropMonitor;

/// <summary>
/// STATS_NEW: packets the kernel could not queue for packet-mode alerts ("tail dropped"),
/// cumulative since the module loaded; null where the nest was missing.
/// </summary>
public sealed record DropMonitorStats(ulong? SoftwareTailDropped, ulong? HardwareTailDropped);
