namespace DropWatch.Core.Symbols;

/// <summary>
/// Turns a kernel instruction pointer into the symbol that contains it.
/// Implementations are immutable after construction and safe to call from the receive loop:
/// a lookup must not allocate.
/// </summary>
public interface ISymbolResolver
{
    /// <summary>The name shown by <c>-l list</c> and used with <c>-l</c> (e.g. <c>kas</c>).</summary>
    string MethodName { get; }

    /// <summary>
    /// Finds the nearest symbol at or below <paramref name="address"/>.
    /// Returns false for a NULL address, an address below the first symbol, or when the
    /// method has no usable table (the caller then prints the "at location" form).
    /// </summary>
    bool TryResolve(ulong address, out SymbolMatch match);

    /// <summary>
    /// <see cref="TryResolve"/> plus the symbol's size, where the method knows it (0 otherwise);
    /// used to print the kernel's <c>function+0xoff/0xsize</c> form.
    /// </summary>
    bool TryResolveExtent(ulong address, out SymbolMatch match, out ulong size)
    {
        size = 0;
        return TryResolve(address, out match);
    }
}
