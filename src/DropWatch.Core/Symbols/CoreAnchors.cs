namespace DropWatch.Core.Symbols;

/// <summary>
/// Addresses of the linker symbols that delimit the core kernel image, recorded while a symbol file is read
/// (before type filtering and before duplicate addresses are folded, so they are found even when another
/// name wins their address). Zero means "not present in the file".
/// </summary>
/// <remarks>
/// They serve two purposes: bounding the last symbol of a section (kallsyms and System.map carry no sizes),
/// exactly like the kernel's own <c>kallsyms_lookup</c>, which only names core addresses in
/// <c>[_stext, _etext)</c>, <c>[_sinittext, _einittext)</c> or (with all symbols) below <c>_end</c>;
/// and measuring the KASLR slide (<c>_text</c> at run time minus <c>_text</c> at link time).
/// </remarks>
public readonly record struct CoreAnchors(ulong Text, ulong Stext, ulong Etext, ulong Einittext, ulong End)
{
    /// <summary>The image start used to measure the KASLR slide: <c>_text</c>, else <c>_stext</c>; zero if neither.</summary>
    public ulong ImageStart => Text != 0 ? Text : Stext;

    /// <summary>True when <paramref name="address"/> is one of the section-end markers (<c>_etext</c>, <c>_einittext</c>, <c>_end</c>).</summary>
    internal bool IsEndMarker(ulong address) =>
        address != 0 && (address == Etext || address == Einittext || address == End);

    /// <summary>The lowest section-end marker above <paramref name="address"/>, or <see cref="ulong.MaxValue"/>.</summary>
    internal ulong NextEndMarkerAbove(ulong address)
    {
        ulong best = ulong.MaxValue;
        if (Etext > address && Etext < best) best = Etext;
        if (Einittext > address && Einittext < best) best = Einittext;
        if (End > address && End < best) best = End;
        return best;
    }

    /// <summary>Moves every present anchor by <paramref name="slide"/> (wrapping, as the slide is an address delta).</summary>
    internal CoreAnchors Shift(ulong slide) => new(
        Move(Text, slide), Move(Stext, slide), Move(Etext, slide), Move(Einittext, slide), Move(End, slide));

    private static ulong Move(ulong address, ulong slide) => address == 0 ? 0 : unchecked(address + slide);

    /// <summary>Records <paramref name="address"/> if <paramref name="name"/> (UTF-8) is an anchor name not yet seen.</summary>
    internal CoreAnchors With(ReadOnlySpan<byte> name, ulong address)
    {
        // Cheap rejection first: this runs once per line of a 120k-line file.
        if (name.Length is < 4 or > 10 || name[0] != (byte)'_') return this;
        if (name.SequenceEqual("_text"u8)) return Set(0, address);
        if (name.SequenceEqual("_stext"u8)) return Set(1, address);
        if (name.SequenceEqual("_etext"u8)) return Set(2, address);
        if (name.SequenceEqual("_einittext"u8)) return Set(3, address);
        if (name.SequenceEqual("_end"u8)) return Set(4, address);
        return this;
    }

    /// <summary>Records <paramref name="address"/> if <paramref name="name"/> is an anchor name not yet seen.</summary>
    internal CoreAnchors With(string name, ulong address) => name switch
    {
        "_text" => Set(0, address),
        "_stext" => Set(1, address),
        "_etext" => Set(2, address),
        "_einittext" => Set(3, address),
        "_end" => Set(4, address),
        _ => this,
    };

    // The first occurrence in file order wins, like the symbol names themselves.
    private CoreAnchors Set(int slot, ulong address) => slot switch
    {
        0 when Text == 0 => this with { Text = address },
        1 when Stext == 0 => this with { Stext = address },
        2 when Etext == 0 => this with { Etext = address },
        3 when Einittext == 0 => this with { Einittext = address },
        4 when End == 0 => this with { End = address },
        _ => this,
    };
}
