using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Pipeline;

/// <summary>A monitoring session began: what is watched, how, and from when (ns since the Unix epoch).</summary>
public readonly record struct SessionStart(string Source, AlertMode Mode, Origins Origins, ulong AlertLimit, ulong TimeNs);
