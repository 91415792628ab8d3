using System.Diagnostics;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using DropWatch.Native;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// Keeps the kernel monitoring for the exporter until a signal ends it: starts through the session
/// guard, counts, notices when another client turned monitoring off (and turns it on again), waits
/// while another client holds the monitor, and stops through the guard on the way out.
/// </summary>
/// <remarks><paramref name="stop"/> has the <see cref="SignalPolicy.Service"/> policy: every signal ends the loop.</remarks>
public sealed class ExporterLoop(IDropSource source, DropPipeline pipeline, ExporterState state, StopSignal stop,
    AlertModeChoice mode, ErrorReporter errors, ExporterLog log)
{
    /// <summary>How long to wait before trying to take the monitor again (busy, or a failure).</summary>
    public int RetryMs { get; init; } = 5000;

    /// <summary>How often NET_DM is asked whether it still monitors (any client may STOP it).</summary>
    public int CheckMs { get; init; } = 1000;

    /// <summary>Most receives between two loss publications.</summary>
    private const int BurstReceives = 256;

    private string? _lastProblem;

    /// <summary>Runs until a signal; returns the exit status.</summary>
    public int Run()
    {
        Origins origins = source.SupportedOrigins;
        while (!stop.Terminated)
        {
            mode.Prepare();
            source.BeginSession();
            pipeline.Begin(new SessionStart(source.Name, source.Mode, origins, 0, DropPipeline.NowNs()), source.Losses);
            MonitoringGuard guard;
            try
            {
                guard = MonitoringGuard.Start(source, origins, stop, pipeline, errors);
            }
            catch (NetlinkException e) when (e.FromKernel && e.Errno is Errno.EAGAIN or Errno.EBUSY)
            {
                // Another client holds the kernel's monitor: count its alerts passively (they are
                // the machine's drops all the same) and try to take it over every RetryMs.
                if (!state.OwnedElsewhere)
                    log.Line($"the kernel's drop monitor is in use by another client; counting its alerts passively, trying to take it over every {RetryMs / 1000} s");
                state.OwnedElsewhere = true;
                CountPassively();
                continue;
            }
            catch (NetlinkException e) when (e.Errno == Errno.EPERM)
            {
                log.Line($"starting the drop monitor was refused ({e.ErrnoText}): it needs CAP_NET_ADMIN");
                return ExitCode.NoPermission;
            }
            catch (Exception e) when (e is NetlinkException or DropSourceException or TracepointException)
            {
                if (stop.Terminated)
                    break;
                Problem($"starting the drop monitor failed: {e.Message}; trying again every {RetryMs / 1000} s");
                stop.WaitForTermination(RetryMs);
                continue;
            }
            bool takenOver = state.OwnedElsewhere;
            state.OwnedElsewhere = false;
            state.Monitoring = true;
            _lastProblem = null;
            log.Line($"{(takenOver ? "took over the kernel's drop monitor: " : "")}monitoring drops with {source.Name} ({source.Mode.ToString().ToLowerInvariant()} mode)");
            Ending ending = Count(guard);
            state.Monitoring = false;
            state.CompleteSession(source.Losses);
            pipeline.End(new SessionEnd(ending == Ending.Signal ? StopCause.Signal : StopCause.Error, true, pipeline.Records, DropPipeline.NowNs(), source.Losses));
            if (ending == Ending.Signal)
            {
                log.Line("stopped monitoring");
                break;
            }
            if (ending == Ending.Failed)
                stop.WaitForTermination(RetryMs);
        }
        return ExitCode.Success;
    }

    private enum Ending { Signal, Failed }

    /// <summary>One wait of up to <paramref name="timeoutMs"/>, then what is queued (bounded), then the losses published.</summary>
    private void ReceiveBurst(int timeoutMs)
    {
        source.ReceiveAlerts(pipeline, timeoutMs);
        for (int i = 0; i < BurstReceives; i++)
        {
            if (source.ReceiveAlerts(pipeline, 0) == ReceiveStatus.TimedOut)
                break;
        }
        state.PublishLosses(source.Losses);
    }

    /// <summary>
    /// Listens to the other client's session for up to <see cref="RetryMs"/> (no START, STOP or
    /// CONFIG: the passive guard), then returns so the caller tries START again.
    /// </summary>
    private void CountPassively()
    {
        MonitoringGuard guard;
        try
        {
            guard = MonitoringGuard.Attach(source, stop, pipeline, errors);
        }
        catch (DropSourceException)
        {
            // Not NET_DM (nothing to share) or a signal is ending us: just wait.
            stop.WaitForTermination(RetryMs);
            return;
        }
        using (guard)
        {
            long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * RetryMs / 1000;
            try
            {
                while (stop.Reason == StopReason.None && Stopwatch.GetTimestamp() < until)
                {
                    int leftMs = (int)Math.Max(1, (until - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
                    ReceiveBurst(Math.Min(CheckMs, leftMs));
                }
            }
            catch (Exception e) when (e is NetlinkException or TracepointException)
            {
                log.Line($"receiving the other client's drops failed: {e.Message}");
            }
            finally
            {
                guard.Stop();
            }
        }
        state.CompleteSession(source.Losses);
        pipeline.End(new SessionEnd(StopCause.Signal, true, pipeline.Records, DropPipeline.NowNs(), source.Losses));
    }

    /// <summary>Receives into the pipeline until a signal or a failure; always leaves through the guard's STOP.</summary>
    private Ending Count(MonitoringGuard guard)
    {
        using (guard)
        {
            try
            {
                Receive(guard);
                return Ending.Signal;
            }
            catch (Exception e) when (e is NetlinkException or TracepointException)
            {
                log.Line($"receiving drops failed: {e.Message}; stopping and trying again in {RetryMs / 1000} s");
                return Ending.Failed;
            }
            finally
            {
                StopOutcome outcome = guard.Stop();
                if (outcome.Failure is { } failure)
                    log.Line($"stopping the drop monitor failed: {failure.Message}");
            }
        }
    }

    private void Receive(MonitoringGuard guard)
    {
        bool checkKernel = source is INetDmControl;
        long nextCheck = Stopwatch.GetTimestamp() + Stopwatch.Frequency * CheckMs / 1000;
        while (stop.Reason == StopReason.None)
        {
            ReceiveBurst(CheckMs);
            if (checkKernel && Stopwatch.GetTimestamp() >= nextCheck && stop.Reason == StopReason.None)
            {
                Origins restarted = Reassert(guard);
                if (restarted != Origins.None)
                {
                    state.CountRestart();
                    log.Line($"another client turned the kernel's monitoring off ({restarted.ToString().ToLowerInvariant()}); turned it on again");
                }
                nextCheck = Stopwatch.GetTimestamp() + Stopwatch.Frequency * CheckMs / 1000;
            }
        }
    }

    private Origins Reassert(MonitoringGuard guard)
    {
        try
        {
            return guard.Reassert();
        }
        catch (NetlinkException e)
        {
            // A slow or failed check says nothing about monitoring; the next one may.
            Problem($"checking that the kernel still monitors failed: {e.Message}");
            return Origins.None;
        }
    }

    private void Problem(string message)
    {
        if (message == _lastProblem)
            return;
        _lastProblem = message;
        log.Line(message);
    }
}
