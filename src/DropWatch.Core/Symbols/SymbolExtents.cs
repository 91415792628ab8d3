namespace DropWatch.Core.Symbols;

/// <summary>
/// Decides where a symbol ends. kallsyms and System.map give start addresses only, so an end is inferred:
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>A symbol at a core section-end marker (<c>_etext</c>, <c>_einittext</c>, <c>_end</c>) covers nothing:
///   the gap after the end of text is not code of any function (the kernel's own lookup refuses it too).</item>
/// <item>Otherwise a symbol ends at the next symbol of the same region (core or one module) — the usual
///   "a function runs until the next one starts".</item>
/// <item>A core symbol never runs past the next section-end marker, even when the marker itself was filtered
///   out (<c>_end</c> is a data symbol).</item>
/// <item>The last symbol of a region ends at the next symbol of any region or
///   <see cref="SymbolTable.TrailingSymbolLimit"/> past its start, whichever is first. This is what keeps a
///   module PC from resolving to the last core symbol, and a PC in an unknown module from resolving to the
///   previous module's last function with a huge offset.</item>
/// </list>
/// The end is computed when a lookup needs it rather than stored: it depends only on the symbol and its
/// successor, and an array of ends would cost 8 bytes per symbol (~1 MB) for a few hundred lookups.
/// </remarks>
internal static class SymbolExtents
{
    /// <param name="start">The symbol's address.</param>
    /// <param name="module">Its module index.</param>
    /// <param name="next">The next symbol's address, or null for the last symbol of the table.</param>
    /// <param name="nextModule">The next symbol's module index (ignored when <paramref name="next"/> is null).</param>
    /// <param name="atCoreEndMarker">The address is a section-end marker at which a core symbol was listed.</param>
    /// <param name="anchors">The core image's markers.</param>
    public static ulong EndOf(ulong start, int module, ulong? next, int nextModule, bool atCoreEndMarker, CoreAnchors anchors)
    {
        if (atCoreEndMarker) return start;

        ulong following = next ?? ulong.MaxValue;
        ulong end = following;
        if (module == SymbolTableBuilder.CoreModuleIndex) end = Math.Min(end, anchors.NextEndMarkerAbove(start));

        bool lastOfRegion = next is null || nextModule != module;
        if (lastOfRegion && end == following)
        {
            ulong limit = start > ulong.MaxValue - SymbolTable.TrailingSymbolLimit ? ulong.MaxValue : start + SymbolTable.TrailingSymbolLimit;
            end = Math.Min(following, limit);
        }

        return end;
    }
}
