using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Repl;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.OneShot;

/// <summary>
/// A run without the prompt. <c>--start</c> goes through the REPL's own machinery
/// (<see cref="MonitorLoop"/>, <see cref="MonitoringGuard"/>, the pipeline's alert limit as the
/// count); stdout gets records only, stderr one-line messages. The kernel settings the run
/// changed are put back afterwards on every way out (<see cref="ConfigRestore"/>).
/// </summary>
public static class OneShotRunner
{
    /// <summary><c>--query</c>, <c>--stats</c>, <c>--stop</c>: what the REPL's <c>show</c>, <c>stats</c>, <c>stop</c> print.</summary>
    public static int Report(OneShotRequest request, IDropSource source, OutputBuffer output, ErrorReporter errors)
    {
        bool ok = request.Action switch
        {
            OneShotAction.Query => SourceReports.WriteConfig(source, output, errors),
            OneShotAction.Stats => SourceReports.WriteStats(source, output, errors),
            OneShotAction.Stop => SendStop(request, source, output, errors),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Action, "not a report"),
        };
        output.Flush();
        return ok ? ExitCode.Success : ExitCode.Failure;
    }

    private static bool SendStop(OneShotRequest request, IDropSource source, OutputBuffer output, ErrorReporter errors)
    {
        if (source is not INetDmControl)
        {
            errors.Error($"the {source.Name} has no monitor shared between processes: nothing to stop " +
                         "(its monitoring ends with the process that started it)");
            return true;
        }
        output.WriteLine("Deactivation requested, turning off monitoring");
        output.Flush();
        // A bare STOP turns off only software drops: a monitor left on by a killed client may
        // watch hardware drops too, so without --sw/--hw both are stopped (stopping what is off
        // is not an error to the kernel).
        Origins origins = request.Origins == Origins.None ? Origins.Software | Origins.Hardware : request.Origins;
        if (MonitoringGuard.SendStop(source, origins) is { } failure)
        {
            errors.RequestFailed(null, failure, "stopping the drop monitor");
            return false;
        }
        output.WriteLine("Got a stop message");
        return true;
    }

    /// <summary>
    /// <c>--start</c>: configure, monitor until the count, the duration or a signal, stop, put the
    /// configuration back. Returns the exit status (see <see cref="Status"/>). <paramref name="top"/>
    /// (<c>--top</c>): the session runs under the live view, which prints the final table.
    /// </summary>
    public static int Monitor(OneShotRequest request, IDropSource source, Outputs outputs, ErrorReporter errors, StopSignal stop,
        DropPipeline pipeline, Action? beforeMonitoring = null, TopMode? top = null)
    {
        if (NotApplicable(request, source) is { } why)
        {
            errors.Error(why);
            return ExitCode.Failure;
        }
        // The duration's timer and the signal handlers end a receive that waits for drops.
        stop.SetWaker(source.Wake);
        // From here on a signal is ours to handle: it ends the run the documented way (status 0
        // for SIGINT, SIGTERM, SIGHUP), also while symbols load, and the configuration is put
        // back before we exit.
        stop.Enter(SessionState.Starting);
        ConfigRestore? restore = null;
        bool putBack = false;
        bool PutBackOnce()
        {
            putBack = true;
            return restore is null || request.KeepConfig || PutBack(restore, stop, errors);
        }
        try
        {
            beforeMonitoring?.Invoke();
            if (stop.Reason != StopReason.None)
                return Status(true, stop);
            if (!request.Passive && !Configure(request, source, errors, out restore))
            {
                PutBackOnce();
                return Status(false, stop);
            }
            if (stop.Reason != StopReason.None)
                return Status(PutBackOnce(), stop);
            bool ok;
            using (ITimer? deadline = request.Duration is { } d
                       ? TimeProvider.System.CreateTimer(_ => stop.RequestDeadline(), null, d, Timeout.InfiniteTimeSpan)
                       : null)
            {
                var loop = new MonitorLoop(source, outputs, errors, stop, pipeline);
                ok = top is null
                    ? loop.Run(request.Count, request.Origins, request.Passive)
                    : top.Run(loop, () => loop.Run(request.Count, request.Origins, request.Passive));
            }
            ReportLosses(source.Losses, errors);
            // The prompt prints this after the stop lines; a one-shot run has no console, so stderr.
            if (pipeline.Filters.User is { } filter)
                errors.Error($"filtered out: {pipeline.Filters.Filtered} drops not matching '{filter.Text}'");
            return Status(PutBackOnce() && ok, stop);
        }
        finally
        {
            // The way out with an exception (a failed stdout, an internal error): the session
            // guard has already sent STOP.
            if (!putBack)
                PutBackOnce();
            stop.Enter(SessionState.Idle);
        }
    }

    /// <summary>The settings the tracepoint has not got: refused before anything happens, as the REPL refuses them when typed.</summary>
    private static string? NotApplicable(OneShotRequest request, IDropSource source)
    {
        if (request.Passive && (request.Truncation is not null || request.QueueLength is not null))
            return "--passive changes no kernel setting: --trunc and --queue do not apply (the owner's settings hold)";
        if (source is INetDmControl)
            return null;
        if (request.Truncation is not null)
            return $"--trunc is a NET_DM packet-mode setting; it does not apply to the {source.Name} (it carries no payload)";
        if (request.QueueLength is not null)
            return $"--queue is a NET_DM packet-mode setting; it does not apply to the {source.Name} (it has no kernel queue)";
        if ((request.Origins & Origins.Hardware) != 0 && (source.SupportedOrigins & Origins.Hardware) == 0)
            return $"--hw: hardware drops are reported only by the kernel's NET_DM drop monitor, which the {source.Name} is not";
        return null;
    }

    private static bool Configure(OneShotRequest request, IDropSource source, ErrorReporter errors, out ConfigRestore? restore)
    {
        restore = null;
        try
        {
            if (source is INetDmControl control)
            {
                restore = ConfigRestore.Snapshot(control);
                restore.Apply(request.Mode, request.Truncation, request.QueueLength);
            }
            else
                source.SetAlertMode(request.Mode);
            return true;
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException or TracepointException)
        {
            errors.RequestFailed(null, e, "configuring the drop monitor");
            return false;
        }
    }

    /// <summary>False when the kernel refused or did not answer (said on stderr).</summary>
    private static bool PutBack(ConfigRestore restore, StopSignal stop, ErrorReporter errors)
    {
        // A second signal asked to get out now: a kernel that did not answer STOP will not answer this either.
        if (stop.Forced || !restore.Changed)
            return true;
        stop.Enter(SessionState.Stopping);
        if (restore.Restore() is not { } failure)
            return true;
        try
        {
            errors.RequestFailed(null, failure, "restoring the drop monitor's configuration");
        }
        catch (OutputFailedException)
        {
            // Already leaving because of a failed output.
        }
        return false;
    }

    /// <summary>Losses go to stderr, one line each: stdout carries records only.</summary>
    private static void ReportLosses(LossCounters losses, ErrorReporter errors)
    {
        var text = new MemoryStream();
        var buffer = new OutputBuffer(text);
        LossReport.Write(buffer, losses);
        buffer.Flush();
        foreach (string line in System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            errors.Error(line);
    }

    /// <summary>
    /// 0 when the run ended as asked — at the count, at the duration, or by SIGINT, SIGTERM or
    /// SIGHUP (how a script or a supervisor ends a run) — with STOP acknowledged and the settings
    /// put back. 1 when a kernel request failed. As in the REPL: 141 when stdout's reader went
    /// away, 128+N for SIGQUIT and for a second signal during the stop.
    /// </summary>
    public static int Status(bool ok, StopSignal stop)
    {
        if (stop.Forced)
            return 128 + stop.TerminatingSignal;
        if (stop.Reason == StopReason.OutputClosed)
            return ExitCode.BrokenPipe;
        if (!ok)
            return ExitCode.Failure;
        if (stop.Reason == StopReason.Terminate && stop.TerminatingSignal == SigQuit)
            return 128 + SigQuit;
        return ExitCode.Success;
    }

    private const int SigQuit = 3;
}
