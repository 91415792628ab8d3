namespace DropWatch.Core.DropMonitor;

/// <summary>The kernel's NET_DM configuration as CONFIG_NEW reports it; null where an attribute was missing.</summary>
public sealed record DropMonitorConfig(byte? AlertMode, uint? TruncationLength, uint? QueueLength);
