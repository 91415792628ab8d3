namespace DropWatch.Core.Symbols;

/// <summary>
/// Decides where each symbol ends. kallsyms and System.map give start addresses only, so an end is inferred:
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
/// </remarks>
internal static class SymbolExtents
{
    public static ulong[] Compute(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> moduleIndexes, ReadOnlySpan<bool> atEndMarker, CoreAnchors anchors)
    {
        var ends = new ulong[addresses.Length];
        for (int i = 0; i < addresses.Length; i++)
        {
            ulong start = addresses[i];
            if (atEndMarker[i])
            {
                ends[i] = start;
                continue;
            }

            bool last = i + 1 == addresses.Length;
            ulong next = last ? ulong.MaxValue : addresses[i + 1];
            bool core = moduleIndexes[i] == SymbolTableBuilder.CoreModuleIndex;
            ulong end = next;

            if (core) end = Math.Min(end, anchors.NextEndMarkerAbove(start));

            bool lastOfRegion = last || moduleIndexes[i + 1] != moduleIndexes[i];
            if (lastOfRegion && end == next)
            {
                ulong limit = start > ulong.MaxValue - SymbolTable.TrailingSymbolLimit ? ulong.MaxValue : start + SymbolTable.TrailingSymbolLimit;
                end = Math.Min(next, limit);
            }

            ends[i] = end;
        }

        return ends;
    }
}
