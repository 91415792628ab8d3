using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Monitoring;

/// <summary>The lines after the stop message, only when something was lost: nothing is lost silently.</summary>
public static class LossReport
{
    public static void Write(OutputBuffer output, LossCounters l)
    {
        if (l.AlertsLost > 0)
        {
            var parts = new List<string>();
            if (l.SocketLost is var socket and > 0) parts.Add($"{socket} dropped by the kernel because our receive queue was full (try --receive-buffer)");
            if (l.KernelTailDropped > 0) parts.Add($"{l.KernelTailDropped} not queued by the kernel because its per-CPU queue was full (try 'set queue')");
            if (l.RingLostEvents > 0) parts.Add($"{l.RingLostEvents} lost because the trace ring buffer was full");
            if (l.TruncatedDatagrams > 0) parts.Add($"{l.TruncatedDatagrams} truncated");
            if (l.MalformedDatagrams > 0) parts.Add($"{l.MalformedDatagrams} malformed and skipped");
            output.WriteLine($"{l.AlertsLost} alerts lost: {string.Join(", ", parts)}");
        }
        if (l.FullSummaryTables > 0)
            output.WriteLine($"{l.FullSummaryTables} summary alerts reached the kernel's limit of 64 locations: drops at further locations in those intervals were not counted");
    }
}
