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
    /// <summary>Most receives between two writes to the output: one write per burst, not per datagram, keeps up with storms.</summary>
    private const int BurstReceives = 256;

    /// <summary>Runs on the monitoring thread after each burst of receives (the live view redraws here).</summary>
    public Action? AfterBurst { get; set; }

    /// <summary>Runs a session; returns false when a kernel request failed.</summary>
    public bool Run(ulong alertLimit, Origins origins)
    {
        OutputBuffer console = outputs.Console;
        console.WriteLine("Enabling monitoring...");
        console.Flush();
        source.BeginSession();
        pipeline.Begin(new SessionStart(source.Name, source.Mode, origins, alertLimit, DropPipeline.NowNs()), source.Losses);

        MonitoringGuard guard;
        try
        {
            guard = MonitoringGuard.Start(source, origins, stop, pipeline, errors);
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
            console.WriteLine("Kernel monitoring activated.");
            console.WriteLine("Issue Ctrl-C to stop monitoring");
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
        Report(cause, outcome);
        return outcome.Stopped && receiveFailure is null;
    }

    private StopCause ReceiveUntilStopped()
    {
        while (true)
        {
            if (pipeline.LimitReached)
                return StopCause.AlertLimit;
            switch (stop.Reason)
            {
                case StopReason.Interrupt: return StopCause.Interrupt;
                case StopReason.OutputClosed: return StopCause.OutputFailed;
                case StopReason.Terminate: return StopCause.Signal;
            }
            source.ReceiveAlerts(pipeline, -1);
            for (int i = 0; i < BurstReceives && !pipeline.LimitReached; i++)
            {
                if (source.ReceiveAlerts(pipeline, 0) == ReceiveStatus.TimedOut)
                    break;
            }
            outputs.Flush();
            AfterBurst?.Invoke();
        }
    }

    /// <summary>Printed only after STOP went out, so even a stdout that has gone away cannot keep STOP from the kernel.</summary>
    private void Report(StopCause cause, StopOutcome outcome)
    {
        OutputBuffer console = outputs.Console;
        if (cause == StopCause.AlertLimit)
            console.WriteLine("Deactivation requested, turning off monitoring");
        if (outcome.Failure is { } failure)
            errors.RequestFailed("Stop request failed, error: ", failure, "stopping the drop monitor");
        if (outcome.Stopped)
            console.WriteLine("Got a stop message");
        pipeline.End(new SessionEnd(cause, outcome.Stopped, pipeline.Records, DropPipeline.NowNs(), source.Losses));
        LossReport.Write(console, source.Losses);
        outputs.Flush();
    }
}
