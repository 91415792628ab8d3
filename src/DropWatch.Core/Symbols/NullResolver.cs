namespace DropWatch.Core.Symbols;

/// <summary>The default method (no <c>-l</c>): every PC is printed raw, as upstream does.</summary>
public sealed class NullResolver : ISymbolResolver
{
    /// <summary>The one instance; the resolver has no state.</summary>
    public static NullResolver Instance { get; } = new();

    private NullResolver()
    {
    }

    /// <inheritdoc/>
    public string MethodName => "null";

    /// <inheritdoc/>
    public bool TryResolve(ulong address, out SymbolMatch match)
    {
        match = default;
        return false;
    }
}
