namespace DropWatch.Core.Symbols;

/// <summary>
/// <c>-l sysmap</c>: resolves against a System.map relocated by the KASLR slide. Core kernel only — module
/// PCs do not resolve (the map has no module symbols, and the core's end markers stop the last core symbol
/// from swallowing them).
/// </summary>
public sealed class SystemMapResolver : ISymbolResolver
{
    /// <summary>Wraps <paramref name="relocatedTable"/>, which already holds run-time addresses.</summary>
    public SystemMapResolver(SymbolTable relocatedTable, KaslrSlide slide)
    {
        Table = relocatedTable ?? throw new ArgumentNullException(nameof(relocatedTable));
        Slide = slide;
    }

    /// <summary>The table, in run-time addresses.</summary>
    public SymbolTable Table { get; }

    /// <summary>The slide that was applied, and where it came from.</summary>
    public KaslrSlide Slide { get; }

    /// <inheritdoc/>
    public string MethodName => "sysmap";

    /// <inheritdoc/>
    public bool TryResolve(ulong address, out SymbolMatch match) => Table.TryFind(address, out match);

    /// <inheritdoc />
    public bool TryResolveExtent(ulong address, out SymbolMatch match, out ulong size) => Table.TryFindExtent(address, out match, out size);
}
