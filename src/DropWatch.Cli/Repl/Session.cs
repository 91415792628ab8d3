using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Repl;

/// <summary>
/// The interactive session: reads commands, runs them against the drop monitor, and owns the
/// rule that every way out of monitoring sends STOP.
/// </summary>
public sealed class Session
{
    public const string Prompt = "dropwatch> ";

    /// <summary>Most datagrams decoded between two writes to stdout.</summary>
    private const int BurstDatagrams = 256;

    private readonly OutputBuffer _out;
    private readonly ErrorReporter _errors;
    private readonly ILineSource _lines;
    private readonly DropMonitorClient _client;
    private readonly StopSignal _stop;
    private readonly AlertPrinter _printer;
    private ulong _alertLimit;
    private bool _software;
    private bool _hardware;

    public Session(OutputBuffer output, ErrorReporter errors, ILineSource lines, DropMonitorClient client,
        ISymbolResolver resolver, StopSignal stop)
    {
        _out = output;
        _errors = errors;
        _lines = lines;
        _client = client;
        _stop = stop;
        _printer = new AlertPrinter(output, resolver, client.Losses);
        stop.SetWaker(client.Wake);
    }

    /// <summary>True once any kernel request failed; the exit status then says so.</summary>
    public bool AnyRequestFailed { get; private set; }

    /// <summary>Runs until exit, end of input or a terminating signal; returns the exit status.</summary>
    public int Run()
    {
        while (true)
        {
            _out.Flush();
            string? line = _lines.ReadLine(Prompt);
            if (line is null)
            {
                _out.WriteLine("Terminating dropwatch...");
                return ShutDown();
            }

            Command command = CommandParser.Parse(line);
            if (command is Command.Exit)
                return ShutDown();
            Execute(command);
            if (_stop.Reason == StopReason.Terminate)
            {
                _out.Flush();
                return 128 + _stop.TerminatingSignal;
            }
        }
    }

    private int ShutDown()
    {
        _out.WriteLine("Shutting down ...");
        _out.Flush();
        return AnyRequestFailed ? 1 : 0;
    }

    private void Execute(Command command)
    {
        switch (command)
        {
            case Command.Empty:
                break;
            case Command.Invalid bad:
                _errors.Error(bad.Message);
                break;
            case Command.Help:
                _out.Write(HelpText.Text);
                break;
            case Command.Start:
                Monitor();
                break;
            case Command.Stop:
                StopAtPrompt();
                break;
            case Command.SetAlertLimit s:
                _alertLimit = s.Limit;
                _out.WriteLine($"setting alert capture limit to {s.Limit}");
                break;
            case Command.SetSoftware s:
                _software = s.Enabled;
                _out.WriteLine($"setting software drops monitoring to {(s.Enabled ? 1 : 0)}");
                break;
            case Command.SetHardware s:
                _hardware = s.Enabled;
                _out.WriteLine($"setting hardware drops monitoring to {(s.Enabled ? 1 : 0)}");
                break;
            case Command.SetAlertMode s:
                _out.WriteLine("Setting alert mode");
                Configure(() => _client.Configure(mode: s.Mode), "Alert mode successfully set");
                break;
            case Command.SetTruncation s:
                _out.WriteLine($"Setting truncation length to {s.Length}");
                Configure(() => _client.Configure(truncation: s.Length), "Truncation length successfully set");
                break;
            case Command.SetQueueLength s:
                _out.WriteLine($"Setting queue length to {s.Length}");
                Configure(() => _client.Configure(queueLength: s.Length), "Queue length successfully set");
                break;
            case Command.Show:
                ShowConfig();
                break;
            case Command.Stats:
                ShowStats();
                break;
        }
    }

    private Origins RequestedOrigins =>
        (_software ? Origins.Software : Origins.None) | (_hardware ? Origins.Hardware : Origins.None);

    private void Monitor()
    {
        _out.WriteLine("Enabling monitoring...");
        _out.Flush();
        _client.BeginSession();
        _printer.Begin(_alertLimit);

        // From here on a signal must lead to STOP, even before the START ack is read.
        _stop.State = SessionState.Starting;
        try
        {
            _client.Start(RequestedOrigins);
        }
        catch (NetlinkException e)
        {
            _stop.State = SessionState.Idle;
            _stop.ClearInterrupt();
            AnyRequestFailed = true;
            _errors.RequestFailed("Failed activation request, error: ", e, "starting the drop monitor");
            return;
        }

        _out.WriteLine("Kernel monitoring activated.");
        _out.WriteLine("Issue Ctrl-C to stop monitoring");
        _out.Flush();
        _stop.State = SessionState.Monitoring;
        try
        {
            while (!_printer.LimitReached && _stop.Reason == StopReason.None)
            {
                _client.ReceiveAlerts(_printer, -1);
                // Take whatever else is already queued before writing: one write per burst,
                // not per datagram, keeps up with storms.
                for (int i = 0; i < BurstDatagrams && !_printer.LimitReached; i++)
                {
                    if (_client.ReceiveAlerts(_printer, 0) == ReceiveStatus.TimedOut)
                        break;
                }
                _out.Flush();
            }
        }
        finally
        {
            FinishMonitoring();
        }
    }

    /// <summary>Runs on every way out of the monitoring loop, exceptions included.</summary>
    private void FinishMonitoring()
    {
        _stop.State = SessionState.Stopping;
        if (_printer.LimitReached)
            _out.WriteLine("Deactivation requested, turning off monitoring");
        _out.Flush();
        bool stopped = TryStop();
        // Alerts queued before the kernel stopped are real drops: print them (the printer
        // discards them once the alert limit has been reached).
        while (_client.ReceiveAlerts(_printer, 0) != ReceiveStatus.TimedOut)
        {
        }
        _client.EndSession();
        if (stopped)
            _out.WriteLine("Got a stop message");
        ReportLosses();
        _out.Flush();
        _stop.State = SessionState.Idle;
        _stop.ClearInterrupt();
    }

    private bool TryStop()
    {
        try
        {
            _client.Stop(RequestedOrigins);
            return true;
        }
        catch (NetlinkException e)
        {
            AnyRequestFailed = true;
            _errors.RequestFailed("Stop request failed, error: ", e, "stopping the drop monitor");
            return false;
        }
    }

    private void StopAtPrompt()
    {
        _out.WriteLine("Deactivation requested, turning off monitoring");
        _out.Flush();
        if (TryStop())
            _out.WriteLine("Got a stop message");
    }

    /// <summary>One line after the stop message, only when something was lost: nothing is lost silently.</summary>
    private void ReportLosses()
    {
        LossCounters l = _client.Losses;
        if (l.AlertsLost > 0)
        {
            var parts = new List<string>();
            long socket = l.SocketDroppedAlerts >= 0 ? l.SocketDroppedAlerts : l.SocketOverruns;
            if (socket > 0) parts.Add($"{socket} dropped by the kernel because our receive queue was full (try --receive-buffer)");
            if (l.KernelTailDropped > 0) parts.Add($"{l.KernelTailDropped} not queued by the kernel because its per-CPU queue was full (try 'set queue')");
            if (l.TruncatedDatagrams > 0) parts.Add($"{l.TruncatedDatagrams} truncated");
            if (l.MalformedDatagrams > 0) parts.Add($"{l.MalformedDatagrams} malformed and skipped");
            _out.WriteLine($"{l.AlertsLost} alerts lost: {string.Join(", ", parts)}");
        }
        if (l.FullSummaryTables > 0)
            _out.WriteLine($"{l.FullSummaryTables} summary alerts reached the kernel's limit of 64 locations: drops at further locations in those intervals were not counted");
    }

    private void Configure(Action request, string success)
    {
        try
        {
            request();
            _out.WriteLine(success);
        }
        catch (NetlinkException e)
        {
            AnyRequestFailed = true;
            _errors.RequestFailed("Failed config request, error: ", e, "configuring the drop monitor");
        }
    }

    private void ShowConfig()
    {
        _out.WriteLine("Getting existing configuration");
        try
        {
            DropMonitorConfig c = _client.GetConfig();
            if (c.AlertMode is { } mode && c.TruncationLength is { } trunc && c.QueueLength is { } queue)
            {
                string name = mode switch { 0 => "Summary", 1 => "Packet", _ => "Invalid alert mode" };
                _out.WriteLine($"Alert mode: {name}");
                _out.WriteLine($"Truncation length: {trunc}");
                _out.WriteLine($"Queue length: {queue}");
            }
            else
            {
                _errors.Error("the kernel's configuration reply was incomplete");
            }
        }
        catch (NetlinkException e)
        {
            AnyRequestFailed = true;
            _errors.RequestFailed(null, e, "querying the configuration");
        }
    }

    private void ShowStats()
    {
        _out.WriteLine("Getting statistics");
        try
        {
            DropMonitorStats s = _client.GetStats();
            if (s.SoftwareTailDropped is { } sw)
            {
                _out.WriteLine("Software statistics:");
                _out.WriteLine($"Tail dropped: {sw}");
            }
            if (s.HardwareTailDropped is { } hw)
            {
                _out.WriteLine("Hardware statistics:");
                _out.WriteLine($"Tail dropped: {hw}");
            }
        }
        catch (NetlinkException e)
        {
            AnyRequestFailed = true;
            _errors.RequestFailed(null, e, "querying the statistics");
        }
    }
}
