namespace DropWatch.Core.Symbols;

/// <summary>Which symbol types (the <c>TYPE</c> letter of <c>/proc/kallsyms</c> and System.map) go into a table.</summary>
public enum SymbolKinds
{
    /// <summary>
    /// Functions only: <c>t T w W</c>. The default, because every address dropwatch resolves is an
    /// instruction pointer. Data symbols would only ever be wrong answers for a PC: a PC in code that has no
    /// symbol of its own (padding, an unlisted trampoline) would resolve to whatever object precedes it.
    /// </summary>
    Text,

    /// <summary>Every type, as upstream does (useful when resolving data addresses).</summary>
    All,
}

internal static class SymbolTypeLetters
{
    /// <summary>nm letters for code: t/T (text), w/W (weak symbol not tagged as an object, i.e. weak function).</summary>
    public static bool IsText(byte type) => type is (byte)'t' or (byte)'T' or (byte)'w' or (byte)'W';

    public static bool Keep(SymbolKinds kinds, byte type) => kinds == SymbolKinds.All || IsText(type);
}
