using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Repl;

/// <summary>
/// One monitoring session, from <c>start</c> to <c>Got a stop message</c>. Owns the rule that
/// every way out — alert limit, Ctrl-C, SIGTERM/SIGHUP/SIGQUIT, an exception — sends STOP.
/// </summary>
public sealed class Monitoring(IDropSource source, OutputBuffer output, ErrorReporter errors, StopSignal stop, AlertPrinter printer)
{
    /// <summary>Most datagrams decoded between two writes to stdout.</summary>
    private const int BurstDatagrams = 256;

    /// <summary>Runs a session; returns false when a kernel request failed.</summary>
    public bool Run(ulong alertLimit, Origins origins)
    {
        output.WriteLine("Enabling monitoring...");
        output.Flush();
        source.BeginSession();
        printer.Begin(alertLimit);

        // From here on a signal must lead to STOP, even before the START ack is read.
        stop.State = SessionState.Starting;
        try
        {
            source.Start(origins);
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
        {
            stop.State = SessionState.Idle;
            stop.ClearInterrupt();
            errors.RequestFailed("Failed activation request, error: ", e, "starting the drop monitor");
            return false;
        }

        output.WriteLine("Kernel monitoring activated.");
        output.WriteLine("Issue Ctrl-C to stop monitoring");
        output.Flush();
        stop.State = SessionState.Monitoring;
        bool stopped = false;
        try
        {
            while (!printer.LimitReached && stop.Reason == StopReason.None)
            {
                source.ReceiveAlerts(printer, -1);
                // Take whatever else is already queued before writing: one write per burst,
                // not per datagram, keeps up with storms.
                for (int i = 0; i < BurstDatagrams && !printer.LimitReached; i++)
                {
                    if (source.ReceiveAlerts(printer, 0) == ReceiveStatus.TimedOut)
                        break;
                }
                output.Flush();
            }
        }
        finally
        {
            stopped = Finish(origins);
        }
        return stopped;
    }

    /// <summary>
    /// Runs on every way out of the monitoring loop, exceptions included. STOP goes out before
    /// anything is flushed, so even a stdout that has gone away (a closed pipe) cannot keep it
    /// from the kernel.
    /// </summary>
    /// <returns>Whether STOP succeeded.</returns>
    private bool Finish(Origins origins)
    {
        stop.State = SessionState.Stopping;
        try
        {
            Exception? failure = SendStop(origins);
            if (printer.LimitReached)
                output.WriteLine("Deactivation requested, turning off monitoring");
            if (failure is not null)
                errors.RequestFailed("Stop request failed, error: ", failure, "stopping the drop monitor");
            bool stopped = failure is null;
            // Alerts queued before the source stopped are real drops: print them (the printer
            // discards them once the alert limit has been reached).
            while (source.ReceiveAlerts(printer, 0) != ReceiveStatus.TimedOut)
            {
            }
            source.EndSession();
            if (stopped)
                output.WriteLine("Got a stop message");
            ReportLosses();
            output.Flush();
            return stopped;
        }
        finally
        {
            stop.State = SessionState.Idle;
            stop.ClearInterrupt();
        }
    }

    /// <summary>Sends STOP; on failure reports it (upstream's line first) and returns false.</summary>
    public bool TryStop(Origins origins)
    {
        Exception? failure = SendStop(origins);
        if (failure is not null)
            errors.RequestFailed("Stop request failed, error: ", failure, "stopping the drop monitor");
        return failure is null;
    }

    /// <summary>Sends STOP without printing anything; returns the failure, if any.</summary>
    private Exception? SendStop(Origins origins)
    {
        try
        {
            source.Stop(origins);
            return null;
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
        {
            return e;
        }
    }

    /// <summary>One line after the stop message, only when something was lost: nothing is lost silently.</summary>
    private void ReportLosses()
    {
        LossCounters l = source.Losses;
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
