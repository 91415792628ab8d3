using System.Runtime.InteropServices;
using DropWatch.Native;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// The one signal layer: routes SIGINT, SIGTERM, SIGHUP and SIGQUIT to the session's
/// <see cref="StopSignal"/>, whose <see cref="SignalPolicy"/> decides. While monitoring they become
/// a STOP request (so the kernel is never left monitoring); at the REPL's prompt they keep their
/// default action, as upstream's Ctrl-C does; the exporter handles them in every state.
/// </summary>
public sealed class SignalHandlers : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Handled =
        [(PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3)];

    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly StopSignal _stop;

    public SignalHandlers(StopSignal stop)
    {
        _stop = stop;
        foreach ((PosixSignal signal, int number) in Handled)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, c =>
            {
                // Only ever cancel: another registration's "handled" must not be undone here.
                if (Deliver(number))
                    c.Cancel = true;
            }));
        }
    }

    /// <summary>
    /// What the arrival of <paramref name="signal"/> does (the registered handlers call exactly
    /// this). True when the session handled it; false when its default action should end the process.
    /// </summary>
    public bool Deliver(int signal) =>
        _stop.Request(signal == 2 ? StopReason.Interrupt : StopReason.Terminate, signal);

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
