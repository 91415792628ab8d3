namespace DropWatch.Core.Symbols;

/// <summary>
/// <c>-l kas</c>: resolves against a snapshot of <c>/proc/kallsyms</c> taken once at start-up. Unlike upstream,
/// which rescans the file on every cache miss, modules loaded later are not seen.
/// </summary>
public sealed class KallsymsResolver(SymbolTable table) : ISymbolResolver
{
    /// <summary>The snapshot being searched.</summary>
    public SymbolTable Table { get; } = table ?? throw new ArgumentNullException(nameof(table));

    /// <inheritdoc/>
    public string MethodName => "kas";

    /// <inheritdoc/>
    public bool TryResolve(ulong address, out SymbolMatch match) => Table.TryFind(address, out match);

    /// <inheritdoc />
    public bool TryResolveExtent(ulong address, out SymbolMatch match, out ulong size) => Table.TryFindExtent(address, out match, out size);
}
