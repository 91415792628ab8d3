using System.Runtime.InteropServices;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Routes SIGINT, SIGTERM, SIGHUP and SIGQUIT to the session. While monitoring they become a
/// STOP request (so the kernel is never left monitoring); at the prompt they keep their
/// default action, as upstream's Ctrl-C does.
/// </summary>
public sealed partial class SignalHandlers : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetDisposition(int signal, nint handler);

    public SignalHandlers(StopSignal stop)
    {
        // A shell starts background jobs with SIGINT and SIGQUIT ignored, and the runtime leaves an
        // inherited "ignore" alone — so `dropwatch &` could not be stopped with Ctrl-C/kill -INT.
        // Upstream's sigaction overrides it; do the same by restoring the default first.
        const nint Default = 0;
        _ = SetDisposition(2, Default);
        _ = SetDisposition(3, Default);

        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT,
            c => c.Cancel = stop.Request(StopReason.Interrupt, 2)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM,
            c => c.Cancel = stop.Request(StopReason.Terminate, 15)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP,
            c => c.Cancel = stop.Request(StopReason.Terminate, 1)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT,
            c => c.Cancel = stop.Request(StopReason.Terminate, 3)));
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
            r.Dispose();
    }
}
