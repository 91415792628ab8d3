using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Monitoring;

/// <summary>
/// One monitoring session, from <c>start</c> to <c>Got a stop message</c>: the REPL's lines around
/// it, the receive loop, and the stop report. Entering and leaving the kernel's monitoring state is
/// <see cref="MonitoringGuard"/>'s job alone.
/// </summary>
public sealed class MonitorLoop(IDropSource source, Outputs outputs, ErrorReporter errors, StopSignal stop, DropPipeline pipeline)
{
    /// <summary>Most receives (batches) in one burst, so stop requests and the write deadline are checked between bursts.</summary>
    private const int BurstReceives = 256;

    /// <summary>Runs on the monitoring thread after each burst of receives (the live view redraws here).</summary>
    public Action? AfterBurst { get; set; }

    /// <summary>
    /// Runs a session; returns false when a kernel request failed. <paramref name="passive"/>: listen
    /// to a monitor another client owns, without START or STOP (<see cref="MonitoringGuard.Attach"/>).
    /// </summary>
    public bool Run(ulong alertLimit, Origins origins, bool passive = false)
    {
        OutputBuffer console = outputs.Console;
        console.WriteLine(passive ? "Attaching to the kernel's drop monitor (passive: nothing is started or stopped)..." : "Enabling monitoring...");
        console.Flush();
        source.BeginSession();
        pipeline.Begin(new SessionStart(source.Name, passive ? KernelMode() : source.Mode, origins, alertLimit, DropPipeline.NowNs()), source.Losses);

        MonitoringGuard guard;
        try
        {
            guard = passive
                ? MonitoringGuard.Attach(source, stop, pipeline, errors)
                : MonitoringGuard.Start(source, origins, stop, pipeline, errors);
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException or TracepointException)
        {
            errors.RequestFailed("Failed activation request, error: ", e, "starting the drop monitor");
            return false;
        }

        StopCause cause;
        StopOutcome outcome;
        Exception? receiveFailure = null;
        using (guard)
        {
            console.WriteLine(passive ? "Listening for alerts while another client monitors." : "Kernel monitoring activated.");
            console.WriteLine(passive ? "Issue Ctrl-C to stop listening" : "Issue Ctrl-C to stop monitoring");
            console.Flush();
            try
            {
                cause = ReceiveUntilStopped();
            }
            catch (Exception e) when (e is NetlinkException or TracepointException)
            {
                // The source itself failed (a socket or ring error): stop, say so, back to the prompt.
                cause = StopCause.Error;
                receiveFailure = e;
            }
            outcome = guard.Stop();
        }
        if (receiveFailure is not null)
            errors.Error($"receiving drops failed: {receiveFailure.Message}; monitoring was stopped");
        Report(cause, outcome, passive);
        return outcome.Stopped && receiveFailure is null;
    }

    /// <summary>
    /// A passive session runs in the owner's mode, not the one this tool last set; CONFIG_GET asks
    /// (and changes nothing). Kernels before 5.4 cannot say: then what this tool knows.
    /// </summary>
    private AlertMode KernelMode()
    {
        try
        {
            return source is INetDmControl control && control.GetConfig().AlertMode is { } mode ? (AlertMode)mode : source.Mode;
        }
        catch (NetlinkException)
        {
            return source.Mode;
        }
    }

    private StopCause ReceiveUntilStopped()
    {
        WriteSchedule schedule = WriteSchedule.For(outputs.Data.Stream);
        bool busy = false;
        while (true)
        {
            if (pipeline.LimitReached)
                return StopCause.AlertLimit;
            switch (stop.Reason)
            {
                case StopReason.Interrupt: return StopCause.Interrupt;
                case StopReason.Deadline: return StopCause.Duration;
                case StopReason.OutputClosed: return StopCause.OutputFailed;
                case StopReason.Terminate: return StopCause.Signal;
            }
            // Under load, let the next alerts gather instead of waking for each (the queue holds thousands).
            bool gather = busy && !schedule.Immediate;
            if (gather)
                Thread.Sleep(WriteSchedule.CoalesceMs);
            ReceiveStatus first = source.ReceiveAlerts(pipeline, gather ? 0 : schedule.WaitMs());
            bool received = first == ReceiveStatus.Data;
            // A sporadic alert (the one before it long ago) has nothing queued behind it: no drain read after
            // it, no gathering, and it is written at once. Within a stream, drain and batch.
            bool stream = received && schedule.NoteArrival();
            for (int i = 0; i < BurstReceives && first != ReceiveStatus.TimedOut && (stream || !received) && !pipeline.LimitReached; i++)
            {
                if (source.ReceiveAlerts(pipeline, 0) == ReceiveStatus.TimedOut)
                    break;
                if (!received)
                    stream = schedule.NoteArrival();
                received = true;
            }
            busy = received && stream;
            schedule.AfterBurst(outputs, sporadic: received && !stream);
            AfterBurst?.Invoke();
        }
    }

    /// <summary>Printed only after STOP went out, so even a stdout that has gone away cannot keep STOP from the kernel.</summary>
    private void Report(StopCause cause, StopOutcome outcome, bool passive)
    {
        OutputBuffer console = outputs.Console;
        if (cause == StopCause.AlertLimit)
            console.WriteLine("Deactivation requested, turning off monitoring");
        if (outcome.Failure is { } failure)
            errors.RequestFailed("Stop request failed, error: ", failure, "stopping the drop monitor");
        if (outcome.Stopped)
            console.WriteLine(passive ? "Stopped listening (the kernel's monitor was left as it was)" : "Got a stop message");
        pipeline.End(new SessionEnd(cause, outcome.Stopped, pipeline.Records, DropPipeline.NowNs(), source.Losses,
            pipeline.Filters.FilteredIfAny));
        LossReport.Write(console, source.Losses);
        FilterReport.Write(console, pipeline);
        outputs.Flush();
    }
}
