using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Repl;

/// <summary>
/// The interactive session: reads commands and runs them against the drop source. Monitoring
/// itself is <see cref="Monitoring"/>'s job.
/// </summary>
public sealed class Session
{
    public const string Prompt = "dropwatch> ";

    private readonly OutputBuffer _out;
    private readonly ErrorReporter _errors;
    private readonly ILineSource _lines;
    private readonly IDropSource _source;
    private readonly StopSignal _stop;
    private readonly Monitoring _monitoring;
    private ulong _alertLimit;
    private bool _software;
    private bool _hardware;

    public Session(OutputBuffer output, ErrorReporter errors, ILineSource lines, IDropSource source,
        ISymbolResolver resolver, StopSignal stop)
    {
        _out = output;
        _errors = errors;
        _lines = lines;
        _source = source;
        _stop = stop;
        _monitoring = new Monitoring(source, output, errors, stop, new AlertPrinter(output, resolver, source.Losses));
        stop.SetWaker(source.Wake);
    }

    /// <summary>Runs before each monitoring session (e.g. to finish loading symbols and report problems).</summary>
    public Action? BeforeMonitoring { get; init; }

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
        return AnyRequestFailed ? ExitCode.Failure : ExitCode.Success;
    }

    private Origins RequestedOrigins =>
        (_software ? Origins.Software : Origins.None) | (_hardware ? Origins.Hardware : Origins.None);

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
                BeforeMonitoring?.Invoke();
                if (!_monitoring.Run(_alertLimit, RequestedOrigins)) AnyRequestFailed = true;
                break;
            case Command.Stop:
                _out.WriteLine("Deactivation requested, turning off monitoring");
                _out.Flush();
                if (_monitoring.TryStop(RequestedOrigins)) _out.WriteLine("Got a stop message");
                else AnyRequestFailed = true;
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
                Configure(() => _source.Configure(mode: s.Mode), "Alert mode successfully set");
                break;
            case Command.SetTruncation s:
                _out.WriteLine($"Setting truncation length to {s.Length}");
                Configure(() => _source.Configure(truncation: s.Length), "Truncation length successfully set");
                break;
            case Command.SetQueueLength s:
                _out.WriteLine($"Setting queue length to {s.Length}");
                Configure(() => _source.Configure(queueLength: s.Length), "Queue length successfully set");
                break;
            case Command.Show:
                ShowConfig();
                break;
            case Command.Stats:
                ShowStats();
                break;
        }
    }

    private void Configure(Action request, string success)
    {
        try
        {
            request();
            _out.WriteLine(success);
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
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
            DropMonitorConfig c = _source.GetConfig();
            // NET_DM answers all three (upstream's exact lines); the tracepoint source has only a mode.
            if (c.AlertMode is { } mode)
                _out.WriteLine($"Alert mode: {mode switch { 0 => "Summary", 1 => "Packet", _ => "Invalid alert mode" }}");
            if (c.TruncationLength is { } trunc)
                _out.WriteLine($"Truncation length: {trunc}");
            if (c.QueueLength is { } queue)
                _out.WriteLine($"Queue length: {queue}");
            if (c.TruncationLength is null && c.QueueLength is null)
                _out.WriteLine($"Drop source: {_source.Name} (truncation and queue length do not apply)");
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
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
            DropMonitorStats s = _source.GetStats();
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
        catch (Exception e) when (e is NetlinkException or DropSourceException)
        {
            AnyRequestFailed = true;
            _errors.RequestFailed(null, e, "querying the statistics");
        }
    }
}
