using DropWatch.Native;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// The one place that turns failures into words. Upstream's own line (if it has one) goes to
/// stdout unchanged for scripts; our explanation of what to do goes to stderr.
/// </summary>
public sealed class ErrorReporter(Output.OutputBuffer stdout, TextWriter stderr)
{
    public void Error(string message)
    {
        stdout.Flush();
        stderr.WriteLine($"dropwatch: {message}");
        stderr.Flush();
    }

    /// <summary>A refused or failed request, with upstream's line first when upstream has one.</summary>
    public void RequestFailed(string? upstreamLine, Exception failure, string what)
    {
        if (failure is not NetlinkException e)
        {
            // Not an errno: the source explains itself (e.g. a setting that does not apply to it),
            // once, in upstream's line where there is one.
            if (upstreamLine is not null)
                stdout.WriteLine($"{upstreamLine}{failure.Message}");
            else
                Error($"{what} failed: {failure.Message}");
            return;
        }
        if (upstreamLine is not null)
            stdout.WriteLine($"{upstreamLine}{e.ErrnoText}");
        Error($"{what} failed: {e.ErrnoText}{(e.KernelMessage is null ? "" : $" (kernel: {e.KernelMessage})")}");
        string? hint = Hint(e);
        if (hint is not null)
            Error(hint);
    }

    public static string? Hint(NetlinkException e) => e.Errno switch
    {
        Errno.EPERM => "this needs CAP_NET_ADMIN (run dropwatch as root)",
        Errno.EAGAIN => "the kernel is already monitoring drops for another client (another dropwatch or dwdump); " +
                        "type 'start passive' (or run with --passive) to see its alerts without taking over, " +
                        "stop that session, or type 'stop' here to turn the kernel's monitoring off",
        Errno.EBUSY => "the drop monitor cannot be configured while monitoring is active; stop monitoring first " +
                       "(or, if another client is monitoring, 'start passive' shows its alerts as they are)",
        Errno.EOPNOTSUPP or Errno.ENOTSUPP => "this kernel's drop monitor does not support that (packet mode, configuration and hardware drops need Linux 5.4 or later)",
        Errno.ETIMEDOUT => "the kernel did not answer; the request may not have taken effect",
        _ => null,
    };
}
