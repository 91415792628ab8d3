using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Repl;

/// <summary>
/// What <c>show</c> and <c>stats</c> print, in upstream's lines. One place for both the REPL and
/// the one-shot <c>--query</c>/<c>--stats</c>, so the two cannot drift apart.
/// </summary>
public static class SourceReports
{
    /// <summary>The configuration; false when the kernel request failed (said on stderr).</summary>
    public static bool WriteConfig(IDropSource source, OutputBuffer output, ErrorReporter errors)
    {
        output.WriteLine("Getting existing configuration");
        if (source is not INetDmControl netdm)
        {
            // Only a mode here, and it is ours, not the kernel's.
            output.WriteLine($"Alert mode: {ModeName((byte)source.Mode)}");
            output.WriteLine($"Drop source: {source.Name} (truncation and queue length do not apply)");
            return true;
        }
        try
        {
            DropMonitorConfig c = netdm.GetConfig();
            // Upstream's exact lines, each only when the kernel sent it.
            if (c.AlertMode is { } mode)
                output.WriteLine($"Alert mode: {ModeName(mode)}");
            if (c.TruncationLength is { } trunc)
                output.WriteLine($"Truncation length: {trunc}");
            if (c.QueueLength is { } queue)
                output.WriteLine($"Queue length: {queue}");
            return true;
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
        {
            errors.RequestFailed(null, e, "querying the configuration");
            return false;
        }
    }

    private static string ModeName(byte mode) => mode switch { 0 => "Summary", 1 => "Packet", _ => "Invalid alert mode" };

    /// <summary>The statistics; false when the kernel request failed (said on stderr).</summary>
    public static bool WriteStats(IDropSource source, OutputBuffer output, ErrorReporter errors)
    {
        output.WriteLine("Getting statistics");
        if (source is ITraceRingSource rings)
        {
            output.WriteLine($"Trace ring lost events: {rings.RingLostEvents}");
            return true;
        }
        if (source is not INetDmControl netdm)
            return true;
        try
        {
            DropMonitorStats s = netdm.GetStats();
            if (s.SoftwareTailDropped is { } sw)
            {
                output.WriteLine("Software statistics:");
                output.WriteLine($"Tail dropped: {sw}");
            }
            if (s.HardwareTailDropped is { } hw)
            {
                output.WriteLine("Hardware statistics:");
                output.WriteLine($"Tail dropped: {hw}");
            }
            return true;
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
        {
            errors.RequestFailed(null, e, "querying the statistics");
            return false;
        }
    }
}
