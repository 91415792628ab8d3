using System.Runtime.InteropServices;
using DropWatch.Native;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Routes SIGINT, SIGTERM, SIGHUP and SIGQUIT to the session. While monitoring they become a
/// STOP request (so the kernel is never left monitoring); at the prompt they keep their
/// default action, as upstream's Ctrl-C does.
/// </summary>
public sealed class SignalHandlers : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalHandlers(StopSignal stop)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT,
            c => c.Cancel = stop.Request(StopReason.Interrupt, 2)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM,
            c => c.Cancel = stop.Request(StopReason.Terminate, 15)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP,
            c => c.Cancel = stop.Request(StopReason.Terminate, 1)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT,
            c => c.Cancel = stop.Request(StopReason.Terminate, 3)));
    }

    /// <summary>
    /// A shell starts background jobs with SIGINT and SIGQUIT ignored, and the runtime leaves an
    /// inherited "ignore" alone — so `dropwatch &amp;` could not be stopped with kill -INT. Upstream's
    /// sigaction overrides it; do the same. Must run first thing in Main: the runtime looks at the
    /// disposition once, when the console is first used, and never again.
    /// </summary>
    public static void UnignoreInheritedInterrupts()
    {
        UnignoreInherited(2);
        UnignoreInherited(3);
    }

    // Only when the signal is really ignored: replacing a handler the runtime already installed
    // would turn Ctrl-C back into "terminate".
    private static unsafe void UnignoreInherited(int signal)
    {
        const nint Ignore = 1, Default = 0;
        // struct sigaction starts with the handler; 256 bytes cover the rest of it on every ABI.
        byte* old = stackalloc byte[256];
        if (LibC.SigAction(signal, null, old) == 0 && *(nint*)old == Ignore)
            _ = LibC.Signal(signal, Default);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
            r.Dispose();
    }
}
