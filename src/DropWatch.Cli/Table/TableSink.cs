using DropWatch.Cli.Filtering;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Table;

/// <summary>
/// Keeps the drop table for every session, whatever the source and mode, and prints it when the session
/// ends: as a JSON object in JSON mode (before the loss and stop objects; put this sink before the JSON
/// sink), and as text only with <c>--table</c>, because upstream prints nothing there and the default
/// text output stays upstream's byte for byte. <c>show table</c> prints it on demand.
/// </summary>
public sealed class TableSink : IDropSink
{
    public const int DefaultRows = 20;

    private readonly Outputs _outputs;
    private readonly TableSettings _settings;
    private LossCounters _losses = new();

    /// <param name="filters">The pipeline's filter stage, whose hidden-noise count the table reports (null: none hidden).</param>
    public TableSink(Outputs outputs, TableSettings settings, DropTable table, FilterStage? filters = null)
    {
        _outputs = outputs;
        _settings = settings;
        Table = table;
        _filters = filters;
    }

    private readonly FilterStage? _filters;

    public DropTable Table { get; }

    /// <summary>Drops hidden as noise in the current or last session: not in the table, so said under it.</summary>
    private ulong Hidden => _filters?.Hidden ?? 0;

    public TableSettings Settings => _settings;

    /// <summary>The live view shows the table and prints it at the end itself.</summary>
    public bool Live { get; set; }

    public void OnSessionStarted(in SessionStart start) => Table.Begin(start);

    public void OnDrop(in DropEvent drop, in DropLocation location) => Table.Add(drop, location);

    public void OnSessionEnded(in SessionEnd end)
    {
        Table.End();
        _losses = end.Losses;
        if (Live)
            return;
        if (_settings.Json)
            TableJson.Write(_outputs.Data, Table, end.Losses, Hidden);
        else if (_settings.PrintAtEnd)
            _outputs.Console.Write(Render(end.Losses));
    }

    /// <summary>The REPL's <c>show table</c>: the running or last session's table, as text on the console.</summary>
    public void Show()
    {
        if (!Table.HasSession)
        {
            _outputs.Console.WriteLine("No drop table yet: it is kept from the next 'start' on");
            return;
        }
        _outputs.Console.Write(Render(_losses));
    }

    public string Render(LossCounters losses, TableOrder order = TableOrder.Count, int bars = 0) =>
        TableText.Render(Table, _settings.Rows, losses, Hidden, order, bars);
}

/// <param name="PrintAtEnd">Print the text table when a session ends (<c>--table</c>).</param>
/// <param name="Rows">Rows shown (<c>--table-rows</c>).</param>
/// <param name="Json">Write the table object at session end (JSON mode).</param>
public sealed record TableSettings(bool PrintAtEnd = false, int Rows = TableSink.DefaultRows, bool Json = false);
