using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Table;

/// <summary>
/// Runs one monitoring session under the live view: the record stream muted, the view redrawn after each
/// burst, and — however the session ends — the terminal restored, then the final table printed.
/// </summary>
public sealed class TopMode(TableSink table, MutableSink records, Outputs outputs, IDropSource source, StopSignal stop,
    int inputFd = 0, int outputFd = 1)
{
    /// <param name="run">Runs the session (the REPL's start); returns false when a kernel request failed.</param>
    public bool Run(MonitorLoop loop, Func<bool> run)
    {
        bool ok;
        records.Muted = true;
        table.Live = true;
        try
        {
            using var view = new LiveTopView(table, outputs.Console, () => source.Losses, inputFd, outputFd,
                source.Wake, () => stop.Request(StopReason.Interrupt, 2));
            loop.AfterBurst = view.OnBurst;
            try
            {
                ok = run();
            }
            finally
            {
                loop.AfterBurst = null;
            }
        }
        finally
        {
            records.Muted = false;
            table.Live = false;
        }
        outputs.Console.Write(table.Render(source.Losses));
        outputs.Flush();
        return ok;
    }
}
