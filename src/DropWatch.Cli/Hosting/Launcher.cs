using DropWatch.Cli.Output;
using DropWatch.Cli.Repl;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Start-up in upstream's order — lookup method check, NET_DM check, lookup banner, prompt —
/// with every failure turned into a message and an exit status in one place.
/// </summary>
public static class Launcher
{
    public static int Run(LaunchSettings settings, Stream stdout, TextWriter stderr) =>
        Run(settings, stdout, stderr, NetlinkSocket.Open, LineSources.ForConsole);

    public static int Run(LaunchSettings settings, Stream stdout, TextWriter stderr,
        Func<INetlinkTransport> openSocket, Func<Stream, ILineSource> openLines)
    {
        var output = new OutputBuffer(stdout);
        var errors = new ErrorReporter(output, stderr);

        LookupChoice choice = LookupChoice.Parse(settings.LookupMethod);
        switch (choice.Kind)
        {
            case LookupKind.List:
                output.Write(LookupChoice.ListText);
                output.Flush();
                return ExitCode.Success;
            case LookupKind.Unknown:
                output.WriteLine($"Unknown lookup method {settings.LookupMethod}");
                output.Flush();
                return ExitCode.Failure;
        }

        DropMonitorClient client;
        try
        {
            client = DropMonitorClient.Connect(openSocket, settings.ReceiveBufferBytes);
        }
        catch (NetlinkException e)
        {
            return ConnectFailed(e, output, errors);
        }

        using (client)
        {
            DeferredResolver resolver = LookupSetup.Create(choice, settings, output, errors);

            var stop = new StopSignal();
            using var signals = new SignalHandlers(stop);
            var session = new Session(output, errors, openLines(stdout), client, resolver, stop)
            {
                BeforeMonitoring = () => resolver.Complete(errors),
            };
            try
            {
                return session.Run();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Monitoring was already stopped by the session's finally block.
                errors.Error($"internal error: {e.Message}");
                return ExitCode.InternalError;
            }
        }
    }

    private static int ConnectFailed(NetlinkException e, OutputBuffer output, ErrorReporter errors)
    {
        if (e.FromKernel && e.Errno == Errno.ENOENT)
        {
            output.WriteLine("Unable to find NET_DM family, dropwatch can't work");
            output.WriteLine("Cleaning up on socket creation error");
            output.Flush();
            errors.Error("the kernel has no NET_DM drop monitor: load it with 'modprobe drop_monitor' " +
                         "(the kernel needs CONFIG_NET_DROP_MONITOR); NET_DM exists only in the initial network namespace");
            return ExitCode.Failure;
        }
        if (e.Errno == Errno.EPERM)
        {
            errors.Error($"{e.Message}: receiving drop alerts needs CAP_SYS_ADMIN on this kernel, " +
                         "and starting or stopping the monitor needs CAP_NET_ADMIN (run dropwatch as root)");
            return ExitCode.NoPermission;
        }
        errors.Error(e.Message);
        string? hint = ErrorReporter.Hint(e);
        if (hint is not null) errors.Error(hint);
        return ExitCode.Failure;
    }
}
