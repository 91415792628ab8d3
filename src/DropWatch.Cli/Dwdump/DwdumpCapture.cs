using DropWatch.Cli.Capture;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Dwdump;

/// <summary>
/// dwdump's capture: configure packet mode (unless passive), write the pcap header and the family
/// dump, start through the session guard, write every datagram as it arrives until a signal (or a
/// reader that went away), stop, then put back the configuration that was changed.
/// </summary>
internal sealed class DwdumpCapture(DwdumpOptions options, DropMonitorClient client, Stream stdout, TextWriter stderr,
    Func<INetlinkTransport> openSocket) : IDropEventSink
{
    private const int BurstReceives = 256;

    public int Run()
    {
        var stop = new StopSignal();
        // From before the first change to the kernel, so a signal can never leave it changed.
        using var signals = new SignalHandlers(stop);
        stop.SetWaker(client.Wake);
        if (!stop.TryBeginStarting())
            return ExitCode.Failure;

        ConfigRestore? restore = null;
        try
        {
            if (!options.Passive && !Configure(out restore))
                return ExitCode.Failure;
            return Capture(stop);
        }
        finally
        {
            stop.Enter(SessionState.Idle);
            if (restore?.Restore() is { } failure)
            {
                DwdumpCommand.Line(stderr, "Failed to restore the drop monitor configuration");
                DwdumpCommand.Explain(stderr, failure);
            }
        }
    }

    private bool Configure(out ConfigRestore? restore)
    {
        restore = null;
        try
        {
            restore = ConfigRestore.Snapshot(client);
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
        {
            // Kernels before 5.4 cannot say their configuration; there is nothing to put back then.
        }
        try
        {
            if (restore is not null)
                restore.Apply(AlertMode.Packet, options.Truncation, options.QueueLength);
            else
                client.Configure(AlertMode.Packet, options.Truncation, options.QueueLength);
            return true;
        }
        catch (NetlinkException e)
        {
            // restore stays: a request without an answer may still have taken effect.
            DwdumpCommand.Line(stderr, "Failed to configure drop monitor kernel module");
            DwdumpCommand.Explain(stderr, e);
            return false;
        }
    }

    private int Capture(StopSignal stop)
    {
        Stream? file = null;
        try
        {
            Stream target;
            if (options.File is { } path)
            {
                try
                {
                    target = file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    DwdumpCommand.Line(stderr, $"pcap_dump_open: {path}: {e.Message}");
                    return ExitCode.Failure;
                }
            }
            else
                target = stdout;

            var output = new OutputBuffer(target) { OnFailure = _ => stop.RequestOutputClosed() };
            var pcap = new PcapNetlinkWriter(output, options.SnapLength);
            pcap.WriteFileHeader();
            if (!WriteFamilies(pcap))
                return ExitCode.Failure;
            output.Flush();

            client.RawDatagrams = datagram => pcap.WriteRecord(DropPipeline.NowNs(), datagram);
            client.BeginSession();
            MonitoringGuard guard;
            var errors = new ErrorReporter(new OutputBuffer(Stream.Null), stderr);
            try
            {
                guard = options.Passive
                    ? MonitoringGuard.Attach(client, stop, this, errors)
                    : MonitoringGuard.Start(client, options.Origins, stop, this, errors);
            }
            catch (Exception e) when (e is NetlinkException or DropSourceException)
            {
                DwdumpCommand.Line(stderr, "Failed to start monitoring");
                DwdumpCommand.Explain(stderr, e);
                return ExitCode.Failure;
            }

            StopOutcome outcome;
            NetlinkException? receiveFailure = null;
            using (guard)
            {
                try
                {
                    ReceiveUntilStopped(stop, output);
                }
                catch (OutputFailedException)
                {
                    // The reader went away or the disk is full: STOP below, then say so.
                }
                catch (NetlinkException e)
                {
                    receiveFailure = e;
                }
                outcome = guard.Stop();
            }
            client.RawDatagrams = null;
            int status = Finish(output, outcome);
            if (receiveFailure is not null)
            {
                DwdumpCommand.Line(stderr, $"recv: {receiveFailure.ErrnoText}");
                return DwdumpCommand.QueryFailed;
            }
            return status;
        }
        finally
        {
            client.RawDatagrams = null;
            file?.Dispose();
        }
    }

    private bool WriteFamilies(PcapNetlinkWriter pcap)
    {
        try
        {
            using INetlinkTransport dump = openSocket();
            FamilyDump.WriteUntil(dump, client.Family.Id, datagram => pcap.WriteRecord(DropPipeline.NowNs(), datagram));
            return true;
        }
        catch (NetlinkException e)
        {
            DwdumpCommand.Line(stderr, "Failed to dump generic netlink families");
            DwdumpCommand.Explain(stderr, e);
            return false;
        }
    }

    private void ReceiveUntilStopped(StopSignal stop, OutputBuffer output)
    {
        while (stop.Reason == StopReason.None)
        {
            client.ReceiveAlerts(this, -1);
            for (int i = 0; i < BurstReceives && stop.Reason == StopReason.None; i++)
            {
                if (client.ReceiveAlerts(this, 0) == ReceiveStatus.TimedOut)
                    break;
            }
            output.Flush();
        }
    }

    private int Finish(OutputBuffer output, StopOutcome outcome)
    {
        int status = ExitCode.Success;
        if (output.Failure is { } failed)
        {
            if (!failed.ReaderGone)
            {
                stderr.WriteLine($"dwdump: {failed.Message}");
                status = ExitCode.OutputError;
            }
        }
        else
        {
            try
            {
                output.Flush();
            }
            catch (OutputFailedException e)
            {
                stderr.WriteLine($"dwdump: {e.Message}");
                status = ExitCode.OutputError;
            }
        }
        if (outcome.Failure is { } failure)
        {
            DwdumpCommand.Line(stderr, "Failed to stop monitoring");
            DwdumpCommand.Explain(stderr, failure);
            status = ExitCode.Failure;
        }
        LossCounters l = client.Losses;
        if (l.AlertsLost > 0)
            stderr.WriteLine($"dwdump: {l.AlertsLost} alerts lost: {l.SocketLost} to a full receive queue (try -b), " +
                             $"{Math.Max(0, l.KernelTailDropped)} to the kernel's full per-CPU queue (try -l), {l.TruncatedDatagrams} truncated, " +
                             $"{l.MalformedDatagrams} malformed");
        stderr.Flush();
        return status;
    }

    // The datagrams themselves go to the file through RawDatagrams; the decoded alerts are not needed.
    public void OnDrop(in DropEvent drop)
    {
    }

    public void OnSummaryTableFull()
    {
    }
}
