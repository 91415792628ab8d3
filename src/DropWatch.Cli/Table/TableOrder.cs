namespace DropWatch.Cli.Table;

/// <summary>How rows are ranked: by drops counted, by the last second's rate, or by the latest drop.</summary>
public enum TableOrder
{
    Count,
    Rate,
    LastSeen,
}

public static class TableSorting
{
    /// <summary>
    /// Rows in rank order. Ties are broken by location, reason, interface, origin and process, so equal counts always
    /// print in the same order.
    /// </summary>
    public static List<DropTableRow> Ranked(DropTable table, TableOrder order)
    {
        var rows = new List<DropTableRow>(table.Rows);
        Comparison<DropTableRow> primary = order switch
        {
            TableOrder.Rate => (a, b) => table.LastSecond(b).CompareTo(table.LastSecond(a)),
            TableOrder.LastSeen => (a, b) => b.LastNs.CompareTo(a.LastNs),
            _ => (a, b) => 0,
        };
        rows.Sort((a, b) =>
        {
            int c = primary(a, b);
            if (c == 0) c = b.Count.CompareTo(a.Count);
            if (c == 0) c = string.CompareOrdinal(a.Location, b.Location);
            if (c == 0) c = string.CompareOrdinal(a.Reason, b.Reason);
            if (c == 0) c = a.Key.IfIndex.CompareTo(b.Key.IfIndex);
            if (c == 0) c = a.Key.Origin.CompareTo(b.Key.Origin);
            if (c == 0) c = a.Key.Pid.CompareTo(b.Key.Pid);
            if (c == 0) c = string.CompareOrdinal(a.Comm, b.Comm);
            return c;
        });
        return rows;
    }
}
