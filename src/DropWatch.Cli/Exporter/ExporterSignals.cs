using System.Runtime.InteropServices;
using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// SIGTERM, SIGHUP, SIGINT and SIGQUIT end the exporter cleanly in every state: while monitoring
/// they reach the session guard (STOP, then exit 0); while waiting for the kernel's monitor they
/// end the wait. Unlike the REPL, no signal ever takes its default action here: a service
/// manager's stop must always go through STOP.
/// </summary>
public sealed class ExporterSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly ManualResetEventSlim _ended = new();
    private readonly StopSignal _stop;

    public ExporterSignals(StopSignal stop)
    {
        _stop = stop;
        foreach ((PosixSignal signal, int number) in (ReadOnlySpan<(PosixSignal, int)>)
                 [(PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3)])
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, c =>
            {
                c.Cancel = true;
                End(number);
            }));
        }
    }

    /// <summary>Set once a signal asked the exporter to end.</summary>
    public bool Ended => _ended.IsSet;

    /// <summary>What a signal does (also how tests end the exporter): ends any wait, and monitoring through the guard.</summary>
    public void End(int signal)
    {
        _ended.Set();
        _stop.Request(StopReason.Terminate, signal);
    }

    /// <summary>Waits up to <paramref name="milliseconds"/>; returns true when a signal arrived.</summary>
    public bool WaitForEnd(int milliseconds) => _ended.Wait(milliseconds);

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
            r.Dispose();
    }
}
