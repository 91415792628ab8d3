using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using DropWatch.Native;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Chooses and opens the drop source. NET_DM first; when the kernel has none and the user did not
/// insist on it, the skb:kfree_skb tracepoint — the same hook NET_DM uses inside the kernel.
/// </summary>
public static class SourceOpener
{
    public readonly record struct Opened(IDropSource? Source, int ExitCode);

    public static Opened Open(LaunchSettings settings, Func<INetlinkTransport> openSocket, Func<TracepointDropSource>? openTracepoint,
        OutputBuffer output, ErrorReporter errors)
    {
        string mode = settings.Source;
        if (mode == "tracepoint")
            return OpenTracepoint(openTracepoint, errors, afterNetDm: false, output, settings.ReceiveBufferGiven);

        try
        {
            return new Opened(DropMonitorClient.Connect(openSocket, settings.ReceiveBufferBytes), ExitCode.Success);
        }
        catch (NetlinkException e) when (e.FromKernel && e.Errno == Errno.ENOENT)
        {
            if (mode == "auto" && openTracepoint is not null)
                return OpenTracepoint(openTracepoint, errors, afterNetDm: true, output, settings.ReceiveBufferGiven);
            NetDmMissing(output, errors);
            return new Opened(null, ExitCode.Failure);
        }
        catch (NetlinkException e)
        {
            return new Opened(null, ConnectFailed(e, errors));
        }
    }

    private static Opened OpenTracepoint(Func<TracepointDropSource>? open, ErrorReporter errors, bool afterNetDm, OutputBuffer output,
        bool receiveBufferGiven)
    {
        try
        {
            var source = new Opened((open ?? (() => TracepointDropSource.Open()))(), ExitCode.Success);
            if (afterNetDm)
                errors.Error("no NET_DM in this kernel: using the skb:kfree_skb tracepoint (see --source)");
            if (receiveBufferGiven)
                errors.Error("--receive-buffer sizes NET_DM's alert queue and does not apply to the tracepoint, whose rings are fixed at 1 MiB per CPU");
            return source;
        }
        catch (TracepointException e)
        {
            // One line that says both what is missing and what stopped the fallback: the most
            // useful thing to act on is the tracepoint's reason (usually "run as root").
            if (afterNetDm)
            {
                UpstreamNetDmLines(output);
                errors.Error($"no NET_DM in this kernel, and the skb:kfree_skb tracepoint cannot be used: {e.Message}");
            }
            else
                errors.Error($"the skb:kfree_skb tracepoint cannot be used: {e.Message}");
            return new Opened(null, e.Errno is Errno.EPERM or Errno.EACCES ? ExitCode.NoPermission : ExitCode.Failure);
        }
    }

    /// <summary>Upstream's two lines on stdout (scripts look for them), then what to do on stderr.</summary>
    private static void NetDmMissing(OutputBuffer output, ErrorReporter errors)
    {
        UpstreamNetDmLines(output);
        errors.Error("the kernel has no NET_DM drop monitor: load it with 'modprobe drop_monitor' " +
                     "(the kernel needs CONFIG_NET_DROP_MONITOR); NET_DM exists only in the initial network namespace");
    }

    private static void UpstreamNetDmLines(OutputBuffer output)
    {
        output.WriteLine("Unable to find NET_DM family, dropwatch can't work");
        output.WriteLine("Cleaning up on socket creation error");
        output.Flush();
    }

    private static int ConnectFailed(NetlinkException e, ErrorReporter errors)
    {
        if (e.Errno == Errno.EPERM)
        {
            errors.Error($"{e.Message}: receiving drop alerts needs CAP_SYS_ADMIN on this kernel, " +
                         "and starting or stopping the monitor needs CAP_NET_ADMIN (run dropwatch as root)");
            return ExitCode.NoPermission;
        }
        errors.Error(e.Message);
        if (ErrorReporter.Hint(e) is { } hint)
            errors.Error(hint);
        return ExitCode.Failure;
    }
}
