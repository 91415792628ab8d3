using System.Globalization;
using System.Text;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Table;

/// <summary>
/// The drop table as aligned text (with a PROCESS column when the table is keyed by process): a title, the top rows, the "other" row when keys were folded, a total
/// and one line on what is missing from it (losses, the kernel's 64-location cap, hidden noise).
/// Counts and rates are right-aligned; the last column (location) is not padded.
/// </summary>
public static class TableText
{
    private static readonly string[] Header = ["COUNT", "LAST 1s", "AVG/s", "FIRST", "LAST", "ORIGIN", "INTERFACE", "REASON", "LOCATION"];
    private static readonly bool[] RightAligned = [true, true, true, false, false, false, false, false, false];

    // The live view: a rate bar instead of the first-seen and origin columns, and the location before the
    // reason, so on a narrow terminal what is cut off is the reason (or summary mode's note), not where.
    private static readonly string[] LiveHeader = ["COUNT", "LAST 1s", "RATE", "AVG/s", "LAST", "INTERFACE", "LOCATION", "REASON"];
    private static readonly bool[] LiveRightAligned = [true, true, false, true, false, false, false, false];

    // With --table-process the process is one more key column, after the interface in both layouts.
    private const int PlainProcessColumn = 7, LiveProcessColumn = 6;

    /// <param name="rows">How many ranked rows to show (the rest are summed in one line).</param>
    /// <param name="hidden">Drops the noise filter hid in this session.</param>
    /// <param name="bars">Width of the live view's rate bar column (0: the plain table).</param>
    public static string Render(DropTable table, int rows, LossCounters losses, ulong hidden = 0,
        TableOrder order = TableOrder.Count, int bars = 0)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Drops by location{(table.ByProcess ? ", reason and process" : " and reason")} ({table.Source}, {(table.Mode == AlertMode.Packet ? "packet" : "summary")} mode, {table.Seconds:0.0} s, {Keys(table.KeyCount)}, times UTC):\n");

        List<DropTableRow> ranked = TableSorting.Ranked(table, order);
        List<DropTableRow> shown = ranked.Take(rows).ToList();
        ulong peak = 1;
        foreach (DropTableRow row in shown)
            peak = Math.Max(peak, table.LastSecond(row));
        bool live = bars > 0;
        int processColumn = !table.ByProcess ? -1 : live ? LiveProcessColumn : PlainProcessColumn;
        string[] header = WithProcess(live ? LiveHeader : Header, processColumn, "PROCESS");
        bool[] rightAligned = WithProcess(live ? LiveRightAligned : RightAligned, processColumn, false);
        var cells = new List<string[]> { header };
        foreach (DropTableRow row in shown)
            cells.Add(WithProcess(Cells(table, row, live ? Bar(table.LastSecond(row), peak, bars).PadRight(bars) : null), processColumn, table.ProcessText(row)));
        ulong notShown = 0;
        foreach (DropTableRow row in ranked.Skip(rows))
            notShown += row.Count;
        if (table.FoldedDrops > 0)
            cells.Add(WithProcess(Cells(table, table.Other, live ? "" : null), processColumn, "-"));
        string total = Number(table.Total), lastSecond = Number(Sum(table, ranked) + table.LastSecond(table.Other)),
            average = Rate(table.Seconds > 0 ? table.Total / table.Seconds : 0);
        cells.Add(WithProcess(live
            ? [total, lastSecond, "", average, "", "", "total", ""]
            : [total, lastSecond, average, "", "", "", "", "", "total"], processColumn, ""));

        int[] widths = new int[header.Length];
        foreach (string[] line in cells)
            for (int i = 0; i < line.Length; i++)
                widths[i] = Math.Max(widths[i], line[i].Length);
        foreach (string[] line in cells)
        {
            AppendLine(text, line, widths, rightAligned);
            text.Append('\n');
        }

        if (ranked.Count > rows)
            text.Append(CultureInfo.InvariantCulture, $"{ranked.Count - rows} more {(ranked.Count - rows == 1 ? "row" : "rows")} not shown ({notShown} drops); --table-rows N shows more\n");
        if (table.FoldedDrops > 0)
            text.Append(CultureInfo.InvariantCulture, $"{table.FoldedDrops} drops at keys beyond the table's limit of {table.MaxKeys} are counted in \"(other keys)\"\n");
        text.Append(LossLine(losses)).Append('\n');
        if (losses.FullSummaryTables > 0)
            text.Append(CultureInfo.InvariantCulture, $"warning: {losses.FullSummaryTables} summary alerts hit the kernel's limit of 64 locations: drops at further locations in those intervals are not in this table\n");
        if (hidden > 0)
            text.Append(CultureInfo.InvariantCulture, $"{hidden} drops hidden as noise (--hide-noise, --ignore) are not in this table\n");
        return text.ToString();
    }

    /// <summary>What the table cannot contain: alerts that never reached us.</summary>
    public static string LossLine(LossCounters losses) =>
        losses.AlertsLost > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Lost: {losses.AlertsLost} alerts never reached dropwatch; their drops are not in this table")
            : "Lost: none";

    private static ulong Sum(DropTable table, List<DropTableRow> rows)
    {
        ulong sum = 0;
        foreach (DropTableRow row in rows)
            sum += table.LastSecond(row);
        return sum;
    }

    private static string[] Cells(DropTable table, DropTableRow row, string? bar) => bar is null
        ?
        [
            Number(row.Count), Number(table.LastSecond(row)), Rate(table.SessionRate(row)),
            Time(row.FirstNs), Time(row.LastNs), row.Origin ?? "-", table.InterfaceText(row), table.ReasonText(row), row.Location,
        ]
        :
        [
            Number(row.Count), Number(table.LastSecond(row)), bar, Rate(table.SessionRate(row)),
            Time(row.LastNs), table.InterfaceText(row), row.Location, table.ReasonText(row),
        ];

    private static T[] WithProcess<T>(T[] columns, int at, T value)
    {
        if (at < 0)
            return columns;
        var wider = new T[columns.Length + 1];
        columns.AsSpan(0, at).CopyTo(wider);
        wider[at] = value;
        columns.AsSpan(at).CopyTo(wider.AsSpan(at + 1));
        return wider;
    }

    private static void AppendLine(StringBuilder text, string[] line, int[] widths, bool[] rightAligned)
    {
        int last = line.Length - 1;
        while (last > 0 && line[last].Length == 0)
            last--;
        for (int i = 0; i <= last; i++)
        {
            if (i > 0)
                text.Append("  ");
            if (rightAligned[i])
                text.Append(line[i].PadLeft(widths[i]));
            else if (i < last)
                text.Append(line[i].PadRight(widths[i]));
            else
                text.Append(line[i]);
        }
    }

    private static string Keys(int n) => n == 1 ? "1 key" : string.Create(CultureInfo.InvariantCulture, $"{n} keys");

    private static string Number(ulong n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>UTC wall time to the millisecond (a session rarely spans days; the date is in the JSON form).</summary>
    private static string Time(ulong ns) =>
        ns == 0 ? "-" : DateTime.UnixEpoch.AddTicks((long)(ns / 100)).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>A bar of <paramref name="width"/> cells scaled to the busiest row, in eighths.</summary>
    public static string Bar(ulong value, ulong peak, int width)
    {
        const string partials = " ▏▎▍▌▋▊▉";
        long eighths = peak == 0 ? 0 : (long)Math.Round((double)value / peak * width * 8);
        if (value > 0 && eighths == 0)
            eighths = 1;
        var bar = new StringBuilder();
        bar.Append('█', (int)(eighths / 8));
        if (eighths % 8 != 0)
            bar.Append(partials[(int)(eighths % 8)]);
        return bar.ToString();
    }
}
