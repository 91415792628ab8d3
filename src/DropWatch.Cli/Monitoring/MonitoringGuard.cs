using System.Diagnostics;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using DropWatch.Native;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Monitoring;

/// <summary>
/// Owns the kernel's monitoring state for one session. <see cref="Start"/> is the only way
/// monitoring is entered; <see cref="Stop"/> (or <see cref="Dispose"/>, on every other way out:
/// exceptions, a closed stdout, signals) sends STOP, bounded in time, and drains what was already
/// queued, bounded in time and count. No other code sends STOP while a session runs.
/// A passive guard (<see cref="Attach"/>) only listens to a monitor another client owns: it sends
/// neither START nor STOP (nor CONFIG), and ending it leaves the kernel exactly as it was.
/// </summary>
public sealed class MonitoringGuard : IDisposable
{
    /// <summary>Longest time spent handing over alerts queued before STOP took effect.</summary>
    public const int DrainBudgetMs = 1000;

    /// <summary>Most receives made for that hand-over (each is one datagram or one ring drain).</summary>
    public const int DrainBudgetReceives = 10_000;

    private readonly IDropSource _source;
    private readonly Origins _origins;
    private readonly StopSignal _stop;
    private readonly IDropEventSink _drainInto;
    private readonly ErrorReporter _errors;
    private StopOutcome? _outcome;

    private MonitoringGuard(IDropSource source, Origins origins, StopSignal stop, IDropEventSink drainInto, ErrorReporter errors,
        bool passive = false)
    {
        Passive = passive;
        _source = source;
        _origins = origins;
        _stop = stop;
        _drainInto = drainInto;
        _errors = errors;
    }

    /// <summary>
    /// Sends START. On failure throws the source's exception (<see cref="NetlinkException"/> or
    /// <see cref="DropSourceException"/>) — after a STOP whenever START may have taken effect
    /// (no answer in time, or a failure that is not the kernel's refusal).
    /// </summary>
    public static MonitoringGuard Start(IDropSource source, Origins origins, StopSignal stop, IDropEventSink drainInto, ErrorReporter errors)
    {
        if (!stop.TryBeginStarting())
            throw new DropSourceException("dropwatch is being ended by a signal");
        try
        {
            source.Start(origins);
        }
        catch (Exception e)
        {
            // A refusal from the kernel means nothing changed (and a STOP could end another
            // client's monitoring); anything else may have left the kernel monitoring.
            bool refused = e is NetlinkException { FromKernel: true } || e is DropSourceException;
            if (!refused)
                _ = SendStop(source, origins);
            stop.Enter(SessionState.Idle);
            stop.ClearInterrupt();
            throw;
        }
        stop.Enter(SessionState.Monitoring);
        return new MonitoringGuard(source, origins, stop, drainInto, errors);
    }

    /// <summary>True when this session only listens: nothing was started, so nothing is stopped.</summary>
    public bool Passive { get; }

    /// <summary>
    /// Listens to the events group without asking the kernel for anything: alerts flow only while
    /// another client monitors. Signals still end the session through <see cref="Stop"/>. Throws
    /// <see cref="DropSourceException"/> for a source that has no monitor to share (the tracepoint).
    /// </summary>
    public static MonitoringGuard Attach(IDropSource source, StopSignal stop, IDropEventSink drainInto, ErrorReporter errors)
    {
        if (source is not DropMonitorClient)
            throw new DropSourceException($"passive attach needs NET_DM; the {source.Name} source has no monitor to share");
        if (!stop.TryBeginStarting())
            throw new DropSourceException("dropwatch is being ended by a signal");
        stop.Enter(SessionState.Monitoring);
        return new MonitoringGuard(source, Origins.None, stop, drainInto, errors, passive: true);
    }

    /// <summary>Stops monitoring (once; later calls return the same outcome). Prints nothing.</summary>
    public StopOutcome Stop()
    {
        if (_outcome is not null)
            return _outcome;
        _stop.Enter(SessionState.Stopping);
        Exception? failure = null;
        if (!Passive)
        {
            failure = SendStop(_source, _origins);
            // A second signal while the first STOP went unanswered: one more try, then the process ends.
            if (failure is not null && _stop.Forced)
                failure = SendStop(_source, _origins);
        }
        _outcome = new StopOutcome(failure);
        // With our stdout gone nobody can see queued alerts or a loss report: get out fast. A
        // passive listener has nothing to drain: the owner's monitor keeps sending.
        bool unseen = _stop.Reason == StopReason.OutputClosed;
        bool drain = !unseen && !Passive;
        try
        {
            if (drain)
                Drain();
        }
        finally
        {
            try
            {
                if (!unseen)
                    _source.EndSession();
            }
            finally
            {
                _stop.Enter(SessionState.Idle);
                _stop.ClearInterrupt();
            }
        }
        return _outcome;
    }

    /// <summary>
    /// Alerts the source queued before STOP took effect are real drops: hand them on, but never
    /// for longer than the budget (a flood from another client must not keep us here), and not at
    /// all once a second signal asked to get out.
    /// </summary>
    private void Drain()
    {
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * DrainBudgetMs / 1000;
        for (int i = 0; i < DrainBudgetReceives && !_stop.Forced && Stopwatch.GetTimestamp() < deadline; i++)
        {
            if (_source.ReceiveAlerts(_drainInto, 0) == ReceiveStatus.TimedOut)
                return;
        }
    }

    /// <summary>The way out when <see cref="Stop"/> was not reached: an exception or a closed stdout.</summary>
    public void Dispose()
    {
        if (_outcome is not null)
            return;
        StopOutcome outcome = Stop();
        if (outcome.Failure is { } failure)
        {
            try
            {
                _errors.RequestFailed("Stop request failed, error: ", failure, "stopping the drop monitor");
            }
            catch (OutputFailedException)
            {
                // Already on the way out because of output; the buffer remembers the failure.
            }
        }
    }

    /// <summary>
    /// For unattended sessions (the metrics exporter): asks the kernel, one origin at a time, to
    /// monitor again. While it still does, START is refused with EAGAIN and nothing changes; if
    /// another client turned an origin off (any client may STOP), this turns it back on, and this
    /// guard's STOP still ends it. Returns the origins that had to be started again.
    /// </summary>
    public Origins Reassert()
    {
        Origins restarted = Origins.None;
        foreach (Origins origin in (ReadOnlySpan<Origins>)[Origins.Software, Origins.Hardware])
        {
            if ((_origins & origin) == 0 || _outcome is not null)
                continue;
            try
            {
                _source.Start(origin);
                restarted |= origin;
            }
            catch (NetlinkException e) when (e.FromKernel && e.Errno == Errno.EAGAIN)
            {
                // Still monitoring: nothing to do.
            }
        }
        return restarted;
    }

    /// <summary>Sends STOP; returns the failure, if any. Also the REPL's <c>stop</c> outside a session.</summary>
    public static Exception? SendStop(IDropSource source, Origins origins)
    {
        try
        {
            source.Stop(origins);
            return null;
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException or TracepointException or NativeCallException)
        {
            return e;
        }
    }
}
