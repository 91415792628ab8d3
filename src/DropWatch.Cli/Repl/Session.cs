using DropWatch.Cli.Filtering;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Repl;

/// <summary>
/// The interactive session: reads commands and runs them against the drop source. Monitoring
/// itself is <see cref="MonitorLoop"/>'s job.
/// </summary>
public sealed class Session
{
    public const string Prompt = "dropwatch> ";

    private readonly OutputBuffer _out;
    private readonly ErrorReporter _errors;
    private readonly ILineSource _lines;
    private readonly IDropSource _source;
    private readonly StopSignal _stop;
    private readonly MonitorLoop _monitoring;
    private readonly DropPipeline _pipeline;
    private ulong _alertLimit;
    private bool _software;
    private bool _hardware;

    /// <param name="outputs">The REPL's lines go to the console, records to the pipeline's sinks.</param>
    /// <param name="pipeline">Resolves, limits and fans out the records.</param>
    public Session(Outputs outputs, ErrorReporter errors, ILineSource lines, IDropSource source,
        DropPipeline pipeline, StopSignal stop)
    {
        _out = outputs.Console;
        _errors = errors;
        _lines = lines;
        _source = source;
        _stop = stop;
        _pipeline = pipeline;
        pipeline.LimitReachedAction = () => _out.Write("Alert limit reached, deactivating!\n"u8);
        _monitoring = new MonitorLoop(source, outputs, errors, stop, pipeline);
        stop.SetWaker(source.Wake);
    }

    /// <summary>
    /// <c>--passive</c>: every <c>start</c> only listens to a monitor another client owns, and the
    /// commands that would change the kernel's monitor (<c>stop</c>, <c>set alertmode/trunc/queue</c>) are refused.
    /// </summary>
    public bool Passive { get; init; }

    /// <summary>Runs before each monitoring session (e.g. to finish loading symbols and report problems).</summary>
    public Action? BeforeMonitoring { get; init; }

    /// <summary>The drop table, for <c>show table</c>.</summary>
    public TableSink? Table { get; init; }

    /// <summary>The live view, for <c>top</c> and <c>--top</c>.</summary>
    public TopMode? Top { get; init; }

    /// <summary><c>--top</c>: one live-view session straight away, then exit.</summary>
    public bool TopAtStart { get; init; }

    /// <summary>True once any command was rejected or any kernel request failed; the exit status then says so.</summary>
    public bool AnyRequestFailed => _failures > 0;

    private int _failures;
    private int _lineNumber;
    private string? _currentLine;
    private string? _firstFailure;

    /// <summary>Counts a failed command; the first one is named at exit, so a script knows what went wrong.</summary>
    private void CommandFailed()
    {
        if (_failures++ == 0)
            _firstFailure = $"line {_lineNumber}: '{_currentLine?.Trim()}'";
    }

    /// <summary>Runs until exit, end of input or a terminating signal; returns the exit status.</summary>
    public int Run()
    {
        if (TopAtStart)
        {
            Execute(new Command.Top());
            _out.Flush();
            return _stop.Reason switch
            {
                StopReason.Terminate => 128 + _stop.TerminatingSignal,
                StopReason.OutputClosed => ExitCode.BrokenPipe,
                _ => _failures == 0 ? ExitCode.Success : ExitCode.Failure,
            };
        }
        while (true)
        {
            _out.Flush();
            string? line = _lines.ReadLine(Prompt);
            _lineNumber++;
            _currentLine = line;
            if (line is null)
            {
                _out.WriteLine("Terminating dropwatch...");
                return ShutDown();
            }

            Command command = CommandParser.Parse(line);
            if (command is Command.Exit)
                return ShutDown();
            Execute(command);
            switch (_stop.Reason)
            {
                case StopReason.Terminate:
                    _out.Flush();
                    return 128 + _stop.TerminatingSignal;
                case StopReason.OutputClosed:
                    // The watcher saw our reader go: the next write would fail with EPIPE anyway.
                    return ExitCode.BrokenPipe;
            }
        }
    }

    private int ShutDown()
    {
        _out.WriteLine("Shutting down ...");
        _out.Flush();
        if (_failures == 0)
            return ExitCode.Success;
        _errors.Error(_failures == 1
            ? $"exit status 1: a command failed ({_firstFailure})"
            : $"exit status 1: {_failures} commands failed (the first: {_firstFailure})");
        return ExitCode.Failure;
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
                CommandFailed();
                _errors.Error(bad.Message);
                break;
            case Command.Help:
                _out.Write(HelpText.Text);
                break;
            case Command.Stop or Command.SetAlertMode or Command.SetTruncation or Command.SetQueueLength when Passive:
                Refuse("--passive: this would change the kernel's drop monitor, which belongs to another client; nothing was sent");
                break;
            case Command.Start start:
                BeforeMonitoring?.Invoke();
                if (!_monitoring.Run(_alertLimit, RequestedOrigins, start.Passive || Passive)) CommandFailed();
                break;
            case Command.Stop:
                _out.WriteLine("Deactivation requested, turning off monitoring");
                _out.Flush();
                // Not monitoring here: this turns off a monitor left on by another client or a killed one.
                if (MonitoringGuard.SendStop(_source, RequestedOrigins) is { } failure)
                {
                    CommandFailed();
                    _errors.RequestFailed("Stop request failed, error: ", failure, "stopping the drop monitor");
                }
                else
                    _out.WriteLine("Got a stop message");
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
                if (s.Enabled && (_source.SupportedOrigins & Origins.Hardware) == 0)
                {
                    Refuse($"hardware drops are reported only by the kernel's NET_DM drop monitor, which {_source.Name} is not; " +
                           "they stay off ('set hw false' is the only setting here)");
                    break;
                }
                _hardware = s.Enabled;
                _out.WriteLine($"setting hardware drops monitoring to {(s.Enabled ? 1 : 0)}");
                break;
            case Command.SetAlertMode s:
                _out.WriteLine("Setting alert mode");
                Configure(() => _source.SetAlertMode(s.Mode), "Alert mode successfully set");
                break;
            case Command.SetTruncation s:
                if (_source is not INetDmControl truncating)
                {
                    Refuse($"truncation is a NET_DM packet-mode setting; it does not apply to the {_source.Name} (it carries no payload)");
                    break;
                }
                _out.WriteLine($"Setting truncation length to {s.Length}");
                Configure(() => truncating.Configure(truncation: s.Length), "Truncation length successfully set");
                break;
            case Command.SetQueueLength s:
                if (_source is not INetDmControl queueing)
                {
                    Refuse($"the queue length is a NET_DM packet-mode setting; it does not apply to the {_source.Name} (it has no kernel queue)");
                    break;
                }
                _out.WriteLine($"Setting queue length to {s.Length}");
                Configure(() => queueing.Configure(queueLength: s.Length), "Queue length successfully set");
                break;
            case Command.SetFilter s:
                SetFilter(s.Expression);
                break;
            case Command.Show:
                if (!SourceReports.WriteConfig(_source, _out, _errors)) CommandFailed();
                if (_pipeline.Filters.User is { } filter)
                    _out.WriteLine($"Filter: {filter.Text}");
                break;
            case Command.Stats:
                if (!SourceReports.WriteStats(_source, _out, _errors)) CommandFailed();
                break;
            case Command.Top:
                if (Top is null)
                {
                    Refuse("the live view is not available in this session");
                    break;
                }
                BeforeMonitoring?.Invoke();
                if (!Top.Run(_monitoring, () => _monitoring.Run(_alertLimit, RequestedOrigins))) CommandFailed();
                break;
            case Command.ShowTable:
                if (Table is null)
                    _out.WriteLine("No drop table is kept in this session");
                else
                    Table.Show();
                break;
        }
    }

    private void SetFilter(string? expression)
    {
        if (expression is null)
        {
            _pipeline.Filters.User = null;
            _out.WriteLine("clearing the filter: every drop is shown");
            return;
        }
        try
        {
            DropFilter filter = FilterSetup.Compile(expression, _source);
            _pipeline.Filters.User = filter;
            _out.WriteLine($"setting filter to {filter.Text}");
        }
        catch (FilterSyntaxException e)
        {
            // The old filter (if any) stays: a typo must not silently widen what is shown.
            CommandFailed();
            _errors.Error(e.Message);
        }
    }

    /// <summary>A setting that cannot apply to this source: said at once, not at the next start.</summary>
    private void Refuse(string why)
    {
        CommandFailed();
        _errors.Error(why);
    }

    private void Configure(Action request, string success)
    {
        try
        {
            request();
            _out.WriteLine(success);
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException or TracepointException)
        {
            CommandFailed();
            _errors.RequestFailed("Failed config request, error: ", e, "configuring the drop monitor");
        }
    }
}
