using DropWatch.Cli.Capture;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Native;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Dwdump;

/// <summary>
/// dwdump: query, statistics, stop, or capture every NET_DM datagram into a pcap file (DLT_NETLINK,
/// the family dump first so Wireshark maps the family id to net_dm). Upstream's lines and order,
/// with its faults fixed: the configuration it changed is put back at the end, losses are counted
/// and said, records keep their real length, queries need no group join, and signals are handled
/// from before the first change to the kernel.
/// </summary>
public static class DwdumpCommand
{
    /// <summary>Upstream's status for a failed query or receive (main returns -1).</summary>
    public const int QueryFailed = 255;

    public static int Run(DwdumpOptions options, Stream stdout, TextWriter stdoutText, TextWriter stderr, Func<INetlinkTransport> openSocket)
    {
        if (options.Help)
        {
            stdoutText.Write(DwdumpUsage.Upstream);
            stdoutText.Flush();
            return ExitCode.Success;
        }
        bool requestOnly = options.Query || options.Stats || options.StopAndExit;
        DropMonitorClient client;
        try
        {
            client = DropMonitorClient.Connect(openSocket, options.ReceiveBuffer, joinEvents: !requestOnly);
        }
        catch (NetlinkException e)
        {
            return ConnectFailed(e, stderr);
        }
        using (client)
        {
            if (options.Query) return Query(client, stdoutText, stderr);
            if (options.Stats) return Stats(client, stdoutText, stderr);
            if (options.StopAndExit)
            {
                if (MonitoringGuard.SendStop(client, options.Origins) is { } failure)
                {
                    Line(stderr, "Failed to stop monitoring");
                    Explain(stderr, failure);
                    return ExitCode.Failure;
                }
                return ExitCode.Success;
            }
            return new DwdumpCapture(options, client, stdout, stderr, openSocket).Run();
        }
    }

    private static int ConnectFailed(NetlinkException e, TextWriter stderr)
    {
        if (e.FromKernel && e.Errno == Errno.ENOENT)
            Line(stderr, "Failed to resolve ID of \"NET_DM\" family");
        else if (e.Errno == Errno.EPERM)
            Line(stderr, "Failed to join multicast group");
        else
            Line(stderr, "Failed to connect data socket");
        Explain(stderr, e);
        return e.Errno == Errno.EPERM ? ExitCode.NoPermission : ExitCode.Failure;
    }

    private static int Query(INetDmControl control, TextWriter stdout, TextWriter stderr)
    {
        DropMonitorConfig config;
        try
        {
            config = control.GetConfig();
        }
        catch (NetlinkException e)
        {
            Line(stderr, "Failed to query configuration");
            Explain(stderr, e);
            return QueryFailed;
        }
        stdout.Write(config.AlertMode switch
        {
            (byte)AlertMode.Summary => "Alert mode: summary\n",
            (byte)AlertMode.Packet => "Alert mode: packet\n",
            _ => "Alert mode: invalid alert mode\n",
        });
        stdout.Write($"Truncation length: {config.TruncationLength ?? 0}\nQueue length: {config.QueueLength ?? 0}\n");
        stdout.Flush();
        return ExitCode.Success;
    }

    private static int Stats(INetDmControl control, TextWriter stdout, TextWriter stderr)
    {
        DropMonitorStats stats;
        try
        {
            stats = control.GetStats();
        }
        catch (NetlinkException e)
        {
            Line(stderr, "Failed to query statistics");
            Explain(stderr, e);
            return QueryFailed;
        }
        stdout.Write($"Software statistics:\nTail dropped: {stats.SoftwareTailDropped ?? 0}\n" +
                     $"Hardware statistics:\nTail dropped: {stats.HardwareTailDropped ?? 0}\n");
        stdout.Flush();
        return ExitCode.Success;
    }

    /// <summary>Upstream's message, as it prints it (no program name).</summary>
    internal static void Line(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        stderr.Flush();
    }

    /// <summary>Ours, after upstream's: the errno, the kernel's words and what to do.</summary>
    internal static void Explain(TextWriter stderr, Exception failure)
    {
        if (failure is NetlinkException e)
        {
            stderr.WriteLine($"dwdump: {e.Operation}: {e.ErrnoText}{(e.KernelMessage is null ? "" : $" (kernel: {e.KernelMessage})")}");
            string? hint = e.Errno switch
            {
                Errno.EBUSY or Errno.EAGAIN => "another client is monitoring drops; -p listens to its alerts without changing anything",
                Errno.EPERM => "capturing needs CAP_SYS_ADMIN (joining the alert group) and CAP_NET_ADMIN (configure, start, stop): run as root",
                _ => null,
            };
            if (hint is not null)
                stderr.WriteLine($"dwdump: {hint}");
        }
        else
            stderr.WriteLine($"dwdump: {failure.Message}");
        stderr.Flush();
    }
}
