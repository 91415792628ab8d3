using System.Globalization;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Reads the line-oriented tracefs format file:
/// <code>
/// name: kfree_skb
/// ID: 2310
/// format:
/// 	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
/// 	...
/// print fmt: "...", REC->skbaddr, ..., __print_symbolic(REC->reason, { 2, "NOT_SPECIFIED" }, ...)
/// </code>
/// Unknown lines are ignored so that a newer kernel adding lines does not break us.
/// </summary>
internal static class TracepointFormatParser
{
    private const string PrintFmtPrefix = "print fmt:";

    /// <summary>The most a raw record can hold: a perf record is at most <see cref="PerfRingReader.MaxRecordSize"/>.</summary>
    internal const int MaxRawRecordBytes = PerfRingReader.MaxRecordSize;

    public static TracepointFormat Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? name = null;
        int? id = null;
        string? printFormat = null;
        var fields = new List<TracepointField>();

        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            int lineNumber = i + 1;
            if (line.StartsWith("name:", StringComparison.Ordinal))
                name = line["name:".Length..].Trim();
            else if (line.StartsWith("ID:", StringComparison.Ordinal))
                id = ParseInt(line["ID:".Length..], "ID", lineNumber);
            else if (line.StartsWith("field:", StringComparison.Ordinal))
                fields.Add(ParseField(line, lineNumber));
            else if (line.StartsWith(PrintFmtPrefix, StringComparison.Ordinal))
            {
                // The print format is the last entry and may in principle span lines; keep the rest of the file.
                printFormat = string.Join('\n', lines[i..]).Trim()[PrintFmtPrefix.Length..].Trim();
                break;
            }
        }

        if (name is null)
            throw new TracepointFormatException("no 'name:' line");
        if (fields.Count == 0)
            throw new TracepointFormatException("no 'field:' lines");

        var reasons = printFormat is null
            ? new Dictionary<uint, string>()
            : SymbolicTableParser.Parse(printFormat, "REC->reason");
        return new TracepointFormat(name, id, fields, reasons, printFormat ?? string.Empty);
    }

    // field:void * location;	offset:16;	size:8;	signed:0;
    private static TracepointField ParseField(string line, int lineNumber)
    {
        var parts = line.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
            throw new TracepointFormatException($"field line needs declaration, offset and size: '{line}'", lineNumber);

        var declaration = parts[0]["field:".Length..].Trim();
        int? offset = null, size = null;
        bool signed = false;
        foreach (var part in parts.AsSpan(1))
        {
            int colon = part.IndexOf(':');
            if (colon < 0)
                continue;
            var key = part[..colon];
            var value = part[(colon + 1)..];
            switch (key)
            {
                case "offset": offset = ParseInt(value, "offset", lineNumber); break;
                case "size": size = ParseInt(value, "size", lineNumber); break;
                case "signed": signed = ParseInt(value, "signed", lineNumber) != 0; break;
            }
        }

        if (offset is null || size is null)
            throw new TracepointFormatException($"field line lacks offset or size: '{line}'", lineNumber);
        if (offset < 0 || size <= 0)
            throw new TracepointFormatException($"field has offset {offset} and size {size}: '{line}'", lineNumber);
        // A raw record travels in a perf record whose size is a u16, so no field can end past that; checking
        // here (in 64 bits) keeps every later offset + size computation far from int overflow.
        if ((long)offset.Value + size.Value > MaxRawRecordBytes)
            throw new TracepointFormatException(
                $"field ends at byte {(long)offset.Value + size.Value}, past the largest raw record ({MaxRawRecordBytes} bytes): '{line}'", lineNumber);

        var (type, name) = SplitDeclaration(declaration, line, lineNumber);
        return new TracepointField(type, name, offset.Value, size.Value, signed);
    }

    // "void * location", "unsigned short protocol", "char comm[16]", "__data_loc char[] name"
    private static (string Type, string Name) SplitDeclaration(string declaration, string line, int lineNumber)
    {
        var core = declaration;
        var arraySuffix = string.Empty;
        if (core.EndsWith(']'))
        {
            int bracket = core.LastIndexOf('[');
            if (bracket > 0)
            {
                arraySuffix = core[bracket..];
                core = core[..bracket].TrimEnd();
            }
        }

        int cut = core.LastIndexOfAny([' ', '\t', '*']);
        var name = cut < 0 ? string.Empty : core[(cut + 1)..];
        if (cut <= 0 || name.Length == 0 || !IsIdentifier(name))
            throw new TracepointFormatException($"cannot split field declaration into type and name: '{line}'", lineNumber);
        return (core[..(cut + 1)].Trim() + arraySuffix, name);
    }

    private static bool IsIdentifier(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                return false;
        }
        return !char.IsAsciiDigit(name[0]);
    }

    private static int ParseInt(string text, string what, int lineNumber)
    {
        var span = text.AsSpan().Trim();
        bool ok = span.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(span[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
            : int.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        if (!ok)
            throw new TracepointFormatException($"{what} is not a number: '{text.Trim()}'", lineNumber);
        return value;
    }
}
