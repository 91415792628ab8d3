using System.Globalization;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Extracts the value → name pairs of one <c>__print_symbolic(ARG, { 2, "NOT_SPECIFIED" }, ...)</c>
/// call from a print format. This is the only reason table that is exact for the running kernel
/// without BTF (reference §9.4).
/// </summary>
internal static class SymbolicTableParser
{
    private const string Call = "__print_symbolic(";

    /// <summary>Returns an empty table when the print format has no <c>__print_symbolic</c> over
    /// <paramref name="argument"/> (old kernels); throws when the call is present but malformed.</summary>
    public static Dictionary<uint, string> Parse(string printFormat, string argument)
    {
        var table = new Dictionary<uint, string>();
        int at = FindCall(printFormat, argument);
        if (at < 0)
            return table;

        var text = printFormat.AsSpan(at);
        while (true)
        {
            text = text.TrimStart();
            if (text.IsEmpty)
                throw Malformed("unterminated __print_symbolic(...)");
            if (text[0] == ')')
                return table;
            if (text[0] == ',')
            {
                text = text[1..];
                continue;
            }
            if (text[0] != '{')
                throw Malformed($"expected '{{' in __print_symbolic, found '{Excerpt(text)}'");

            int close = text.IndexOf('}');
            if (close < 0)
                throw Malformed($"unterminated '{{' in __print_symbolic near '{Excerpt(text)}'");
            var (value, name) = ParsePair(text[1..close]);
            table[value] = name; // a duplicate would be a kernel bug; the last one wins
            text = text[(close + 1)..];
        }
    }

    private static int FindCall(string printFormat, string argument)
    {
        int from = 0;
        while (true)
        {
            int call = printFormat.IndexOf(Call, from, StringComparison.Ordinal);
            if (call < 0)
                return -1;
            var rest = printFormat.AsSpan(call + Call.Length).TrimStart();
            if (rest.StartsWith(argument, StringComparison.Ordinal))
            {
                rest = rest[argument.Length..].TrimStart();
                if (!rest.StartsWith(","))
                    throw Malformed($"expected ',' after {argument} in __print_symbolic");
                return printFormat.Length - rest.Length + 1;
            }
            from = call + Call.Length;
        }
    }

    // ` 2, "NOT_SPECIFIED" `
    private static (uint Value, string Name) ParsePair(ReadOnlySpan<char> pair)
    {
        int comma = pair.IndexOf(',');
        if (comma < 0)
            throw Malformed($"expected '{{ value, \"NAME\" }}', found '{{{pair}}}'");
        var number = pair[..comma].Trim();
        var quoted = pair[(comma + 1)..].Trim();

        bool ok = number.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(number[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value)
            : uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok)
            throw Malformed($"reason value is not a number: '{number}'");
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
            throw Malformed($"reason name is not a quoted string: '{quoted}'");
        return (value, quoted[1..^1].ToString());
    }

    private static string Excerpt(ReadOnlySpan<char> text) => text[..Math.Min(text.Length, 24)].ToString();

    private static TracepointFormatException Malformed(string message) => new(message);
}
