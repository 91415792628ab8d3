namespace DropWatch.Core.Symbols;

/// <summary>
/// Parses the shared line format of <c>/proc/kallsyms</c> and System.map into a <see cref="SymbolTableBuilder"/>:
/// <c>ADDR TYPE NAME</c>, optionally followed by <c>\t[MODULE]</c> (kallsyms only).
/// </summary>
/// <remarks>
/// Works on the raw bytes and makes no string per line: names are kept as UTF-8 by the builder (the table
/// decodes one when a lookup first returns it), and module names are interned by the builder. Lines that do not fit the format are counted and skipped, never fatal — a symbol file is
/// a convenience, and one odd line must not cost the user every other symbol.
/// </remarks>
internal sealed class SymbolLineParser(SymbolTableBuilder builder, SymbolKinds kinds) : ILineSink
{
    /// <summary>Lines in the expected format, kept or not.</summary>
    public int WellFormedLines { get; private set; }

    /// <summary>Non-empty lines that were not in the expected format.</summary>
    public int SkippedLines { get; private set; }

    /// <summary>True once a well-formed line had a non-zero address (false for hidden kallsyms).</summary>
    public bool SawNonZeroAddress { get; private set; }

    public void OnLine(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        if (line.IsEmpty) return;
        if (TryParse(line, out ulong address, out byte type, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> module))
        {
            WellFormedLines++;
            if (address != 0) SawNonZeroAddress = true;
            Accept(address, type, name, module);
        }
        else
        {
            SkippedLines++;
        }
    }

    private void Accept(ulong address, byte type, ReadOnlySpan<byte> name, ReadOnlySpan<byte> module)
    {
        if (module.IsEmpty) builder.NoteAnchor(name, address);
        if (address == 0 || !SymbolTypeLetters.Keep(kinds, type)) return;
        int moduleIndex = module.IsEmpty ? SymbolTableBuilder.CoreModuleIndex : builder.InternModule(module);
        builder.Add(address, name, moduleIndex);
    }

    /// <summary>Splits one line; false when it is not <c>HEX SP TYPE SP NAME [TAB [MODULE]]</c>.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> line, out ulong address, out byte type, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> module)
    {
        type = 0;
        name = module = default;
        int space = line.IndexOf((byte)' ');
        if (!TryParseHex(space < 0 ? line : line[..space], out address) || space < 0) return false;

        // TYPE is exactly one letter between single spaces.
        ReadOnlySpan<byte> rest = line[(space + 1)..];
        if (rest.Length < 3 || rest[1] != (byte)' ' || rest[0] is (byte)' ' or (byte)'\t') return false;
        type = rest[0];
        rest = rest[2..];

        int nameEnd = rest.IndexOfAny((byte)'\t', (byte)' ');
        name = nameEnd < 0 ? rest : rest[..nameEnd];
        if (name.IsEmpty) return false;
        if (nameEnd < 0) return true;

        ReadOnlySpan<byte> tail = rest[nameEnd..].Trim(" \t"u8);
        if (tail.IsEmpty) return true;
        if (tail.Length < 3 || tail[0] != (byte)'[' || tail[^1] != (byte)']') return false;
        module = tail[1..^1];
        return !module.IsEmpty && module.IndexOfAny((byte)'[', (byte)']') < 0;
    }

    /// <summary>1 to 16 hex digits, nothing else (kallsyms pads to the pointer width, System.map likewise).</summary>
    private static bool TryParseHex(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 16) return false;
        foreach (byte c in digits)
        {
            uint nibble = c - (uint)'0';
            if (nibble > 9)
            {
                nibble = (c | 0x20u) - 'a';
                if (nibble > 5) return false;
                nibble += 10;
            }

            value = (value << 4) | nibble;
        }

        return true;
    }
}
