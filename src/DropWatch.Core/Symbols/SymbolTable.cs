namespace DropWatch.Core.Symbols;

/// <summary>
/// An immutable address → symbol table, sorted by address, built once by <see cref="SymbolTableBuilder"/>.
/// </summary>
/// <remarks>
/// Struct-of-arrays: one entry per distinct address. <c>_ends</c> holds each symbol's exclusive end, decided
/// once at build time by <see cref="SymbolExtents"/>, so a lookup is a binary search plus one comparison.
/// The strings in a <see cref="SymbolMatch"/> are the table's own: a name is decoded from the file's bytes the
/// first time a lookup returns it (see <see cref="SymbolNames"/>), and every later lookup allocates nothing.
/// </remarks>
public sealed class SymbolTable
{
    /// <summary>
    /// How far past its start the last symbol of a region (the core image when no end marker bounds it, a
    /// module, a BPF program) may extend. kallsyms has no sizes, so some bound is needed to refuse the huge
    /// offsets of upstream 1.5.4; 64 KiB is about three times the largest function of a current x86-64 kernel
    /// (~20 KiB, measured) yet small against the gaps between module allocations.
    /// </summary>
    public const ulong TrailingSymbolLimit = 64 * 1024;

    private readonly ulong[] _addresses;
    private readonly ulong[] _ends;
    private readonly SymbolNames _names;
    private readonly int[] _moduleIndexes;
    private readonly string?[] _modules;

    internal SymbolTable(ulong[] addresses, ulong[] ends, SymbolNames names, int[] moduleIndexes, string?[] modules, CoreAnchors anchors)
    {
        _addresses = addresses;
        _ends = ends;
        _names = names;
        _moduleIndexes = moduleIndexes;
        _modules = modules;
        Anchors = anchors;
    }

    /// <summary>A table with no symbols; every lookup fails.</summary>
    public static SymbolTable Empty { get; } = new([], [], SymbolNames.Empty, [], [null], default);

    /// <summary>Number of distinct symbol addresses.</summary>
    public int Count => _addresses.Length;

    /// <summary>The core image's section markers (<c>_text</c>, <c>_etext</c>, …) as found in the source file.</summary>
    public CoreAnchors Anchors { get; }

    /// <summary>
    /// Finds the symbol whose extent contains <paramref name="address"/>: the nearest symbol at or below it,
    /// unless the address lies past that symbol's end (see <see cref="TrailingSymbolLimit"/>).
    /// NULL and addresses below the first symbol fail.
    /// </summary>
    public bool TryFind(ulong address, out SymbolMatch match)
    {
        int index = IndexAtOrBelow(address);
        if (address == 0 || index < 0 || address >= _ends[index])
        {
            match = default;
            return false;
        }

        match = new SymbolMatch(_names[index], address - _addresses[index], _modules[_moduleIndexes[index]]);
        return true;
    }

    /// <summary>
    /// Like <see cref="TryFind"/>, and also gives the symbol's extent (to its end or the next symbol),
    /// for the kernel's own <c>function+0xoff/0xsize</c> notation.
    /// </summary>
    public bool TryFindExtent(ulong address, out SymbolMatch match, out ulong size)
    {
        if (!TryFind(address, out match))
        {
            size = 0;
            return false;
        }
        int index = IndexAtOrBelow(address);
        size = _ends[index] - _addresses[index];
        return true;
    }

    /// <summary>
    /// The address of the entry named <paramref name="name"/> (first in address order), by linear search.
    /// Names that lost their address to an earlier alias are not in the table.
    /// </summary>
    public bool TryGetAddress(string name, out ulong address)
    {
        int index = _names.IndexOf(name);
        address = index >= 0 ? _addresses[index] : 0;
        return index >= 0;
    }

    /// <summary>
    /// Returns a copy with every address moved by <paramref name="slide"/> (link-time System.map addresses
    /// → run-time addresses under KASLR). Names and modules are shared, not copied. Fails if an address
    /// would wrap around.
    /// </summary>
    public bool TryRelocate(ulong slide, out SymbolTable relocated)
    {
        relocated = this;
        if (slide == 0 || Count == 0) return true;
        if (_ends[^1] > ulong.MaxValue - slide) return false;

        var addresses = new ulong[_addresses.Length];
        var ends = new ulong[_ends.Length];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i] = _addresses[i] + slide;
            ends[i] = _ends[i] + slide;
        }

        relocated = new SymbolTable(addresses, ends, _names, _moduleIndexes, _modules, Anchors.Shift(slide));
        return true;
    }

    /// <summary>Index of the last entry whose address is ≤ <paramref name="address"/>, or -1.</summary>
    private int IndexAtOrBelow(ulong address)
    {
        ReadOnlySpan<ulong> addresses = _addresses;
        int low = 0, high = addresses.Length;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (addresses[mid] <= address) low = mid + 1;
            else high = mid;
        }

        return low - 1;
    }
}
