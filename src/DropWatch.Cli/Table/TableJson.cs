using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Table;

/// <summary>
/// The drop table as one JSON Lines object (<c>"type":"table"</c>), written at the end of a session
/// before the loss and stop objects. Every row is included (there are at most the table's key limit),
/// ranked by count; fields follow the packet objects' names and are present only when known.
/// </summary>
public static class TableJson
{
    public static void Write(IBufferWriter<byte> output, DropTable table, LossCounters losses, ulong hidden)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        });
        json.WriteStartObject();
        json.WriteString("type"u8, "table"u8);
        WriteTime(json, "time"u8, table.Now());
        json.WriteString("source"u8, table.Source);
        json.WriteString("mode"u8, table.Mode == AlertMode.Packet ? "packet"u8 : "summary"u8);
        json.WriteNumber("seconds"u8, Math.Round(table.Seconds, 3));
        json.WriteNumber("total"u8, table.Total);
        json.WriteNumber("keys"u8, table.KeyCount);
        if (table.ByProcess)
            json.WriteBoolean("by_process"u8, true);
        json.WriteStartArray("rows"u8);
        foreach (DropTableRow row in TableSorting.Ranked(table, TableOrder.Count))
            WriteRow(json, table, row);
        json.WriteEndArray();
        if (table.FoldedDrops > 0)
        {
            json.WriteNumber("folded"u8, table.FoldedDrops);
            json.WriteNumber("max_keys"u8, table.MaxKeys);
        }
        if (hidden > 0)
            json.WriteNumber("hidden"u8, hidden);
        if (losses.AlertsLost > 0)
            json.WriteNumber("lost"u8, losses.AlertsLost);
        if (losses.FullSummaryTables > 0)
            json.WriteNumber("summary_cap"u8, losses.FullSummaryTables);
        json.WriteEndObject();
        json.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    private static void WriteRow(Utf8JsonWriter json, DropTable table, DropTableRow row)
    {
        json.WriteStartObject();
        json.WriteString("location"u8, row.Location);
        if (row.Key.Pc != 0)
            json.WriteString("pc"u8, string.Create(CultureInfo.InvariantCulture, $"0x{row.Key.Pc:x}"));
        if (row.Reason is { } reason)
            json.WriteString("reason"u8, reason);
        if (row.Origin is { } origin)
            json.WriteString("origin"u8, origin);
        if (row.Key.IfIndex >= 0)
        {
            json.WriteNumber("ifindex"u8, row.Key.IfIndex);
            if (table.InterfaceName?.Invoke((int)row.Key.IfIndex) is { } name)
                json.WriteString("ifname"u8, name);
        }
        if (row.Key.Pid >= 0)
        {
            json.WriteNumber("pid"u8, row.Key.Pid);
            if (row.Comm is { } comm)
                json.WriteString("comm"u8, comm);
        }
        json.WriteNumber("count"u8, row.Count);
        json.WriteNumber("rate_1s"u8, table.LastSecond(row));
        json.WriteNumber("rate"u8, Math.Round(table.SessionRate(row), 3));
        WriteTime(json, "first"u8, row.FirstNs);
        WriteTime(json, "last"u8, row.LastNs);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, ReadOnlySpan<byte> name, ulong ns)
    {
        Span<byte> text = stackalloc byte[Rfc3339.Length];
        Rfc3339.Format(ns, text);
        json.WriteString(name, text);
    }
}
