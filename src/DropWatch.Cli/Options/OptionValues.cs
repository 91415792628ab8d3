using System.Globalization;

namespace DropWatch.Cli.Options;

/// <summary>
/// The values our own options take, parsed with messages that say what was expected: a wrong value
/// must stop dropwatch before anything is opened, not surface at <c>start</c> or be ignored.
/// </summary>
public static class OptionValues
{
    /// <summary>Below this the kernel rounds the queue up anyway (SOCK_MIN_RCVBUF); 0 or less is a typo.</summary>
    public const int MinReceiveBuffer = 4096;

    public static bool TryParseReceiveBuffer(string text, out int bytes, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes) && bytes >= MinReceiveBuffer)
            return true;
        // NumberStyles.None rejects signs, blanks and hex, so "-5", " 5" and "0x10" all land here.
        error = $"invalid --receive-buffer '{text}': expected a number of bytes from {MinReceiveBuffer} to {int.MaxValue} " +
                "(e.g. 4194304 for 4 MiB)";
        return false;
    }

    /// <summary>A KASLR slide as printed by the kernel or <c>nm</c>: hex digits, with or without 0x.</summary>
    public static bool TryParseKaslrOffset(string text, out ulong slide, out string error)
    {
        error = "";
        string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length > 0 && ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out slide))
            return true;
        slide = 0;
        error = $"invalid --kaslr-offset '{text}': expected a hexadecimal number such as 0x1c000000";
        return false;
    }

    public static readonly IReadOnlyList<string> Sources = ["auto", "netdm", "tracepoint"];

    public static bool TryParseSource(string text, out string source, out string error)
    {
        error = "";
        source = text;
        if (Sources.Contains(text))
            return true;
        error = $"invalid --source '{text}': expected auto, netdm or tracepoint";
        return false;
    }

    /// <summary>Syntax only here: reason names are checked against the kernel's once the source is open.</summary>
    public static bool TryParseFilter(string text, out string? filter, out string error)
    {
        error = "";
        filter = text;
        try
        {
            Filtering.DropFilter.Compile(text);
            return true;
        }
        catch (Filtering.FilterSyntaxException e)
        {
            error = $"invalid --filter: {e.Message}";
            return false;
        }
    }

    public static bool TryParseFormat(string text, out string format, out string error)
    {
        error = "";
        format = text;
        if (text is "text" or "json")
            return true;
        error = $"invalid --format '{text}': expected text or json";
        return false;
    }

    public static bool TryParseTableRows(string text, out int rows, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out rows) && rows >= 1)
            return true;
        error = $"invalid --table-rows '{text}': expected a number of rows from 1 to {int.MaxValue}";
        return false;
    }

    public static bool TryParseIgnore(IReadOnlyList<string> globs, out string error)
    {
        error = "";
        foreach (string glob in globs)
        {
            if (glob.Length == 0)
            {
                error = "invalid --ignore '': expected a symbol name or a glob such as 'tcp_*'";
                return false;
            }
        }
        return true;
    }
}
