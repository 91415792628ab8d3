namespace DropWatch.Core.Symbols;

/// <summary>
/// An immutable address → symbol table, sorted by address, built once by <see cref="SymbolTableBuilder"/>.
/// </summary>
/// <remarks>
/// Per entry it holds the address (as a 32-bit offset when it can, <see cref="SymbolAddresses"/>), and only when the file was not in address order the ordinal (file
/// position) of the name; names live in a <see cref="SymbolNameStore"/>, modules in <see cref="ModuleRuns"/>,
/// and a symbol's end is computed when a lookup needs it (<see cref="SymbolExtents"/>). A lookup is a binary
/// search plus a few comparisons. The strings in a <see cref="SymbolMatch"/> are the table's own: a name is
/// decoded the first time a lookup returns it, and every later lookup of it allocates nothing.
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

    private readonly SymbolAddresses _addresses; // sorted
    private readonly OrdinalMap? _ordinals; // entry → name ordinal; null: the same number
    private readonly SymbolNameStore _names;
    private readonly ModuleRuns _moduleRuns;
    private readonly string?[] _modules;
    private readonly ulong[] _coreEndMarkers;

    internal SymbolTable(SymbolAddresses addresses, OrdinalMap? ordinals, SymbolNameStore names, ModuleRuns moduleRuns, string?[] modules, CoreAnchors anchors, ulong[] coreEndMarkers)
    {
        _addresses = addresses;
        _ordinals = ordinals;
        _names = names;
        _moduleRuns = moduleRuns;
        _modules = modules;
        _coreEndMarkers = coreEndMarkers;
        Anchors = anchors;
    }

    /// <summary>A table with no symbols; every lookup fails.</summary>
    public static SymbolTable Empty { get; } = new(SymbolAddresses.Empty, null, new SymbolNameStore(), new ModuleRuns(), [null], default, []);

    /// <summary>Number of distinct symbol addresses.</summary>
    public int Count => _addresses.Count;

    /// <summary>The core image's section markers (<c>_text</c>, <c>_etext</c>, …) as found in the source file.</summary>
    public CoreAnchors Anchors { get; }

    /// <summary>
    /// Finds the symbol whose extent contains <paramref name="address"/>: the nearest symbol at or below it,
    /// unless the address lies past that symbol's end (see <see cref="TrailingSymbolLimit"/>).
    /// NULL and addresses below the first symbol fail.
    /// </summary>
    public bool TryFind(ulong address, out SymbolMatch match) => TryFindExtent(address, out match, out _);

    /// <summary>
    /// Like <see cref="TryFind"/>, and also gives the symbol's extent (to its end or the next symbol),
    /// for the kernel's own <c>function+0xoff/0xsize</c> notation.
    /// </summary>
    public bool TryFindExtent(ulong address, out SymbolMatch match, out ulong size)
    {
        int index = IndexAtOrBelow(address);
        ulong end = index < 0 ? 0 : EndOf(index);
        if (address == 0 || index < 0 || address >= end)
        {
            match = default;
            size = 0;
            return false;
        }

        int ordinal = OrdinalOf(index);
        ulong start = _addresses[index];
        match = new SymbolMatch(_names[ordinal], address - start, _modules[_moduleRuns.ModuleOf(ordinal)]);
        size = end - start;
        return true;
    }

    /// <summary>
    /// The address of the entry named <paramref name="name"/> (first in address order), by linear search.
    /// Names that lost their address to an earlier alias are not in the table.
    /// </summary>
    public bool TryGetAddress(string name, out ulong address)
    {
        address = 0;
        int best = -1;
        foreach (int ordinal in _names.OrdinalsNamed(name))
        {
            int index = IndexOfOrdinal(ordinal);
            if (index >= 0 && (best < 0 || index < best)) best = index;
        }

        if (best < 0) return false;
        address = _addresses[best];
        return true;
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
        if (EndOf(Count - 1) > ulong.MaxValue - slide) return false;

        ulong[] markers = [.. _coreEndMarkers.Select(m => unchecked(m + slide))];

        relocated = new SymbolTable(_addresses.Shifted(slide), _ordinals, _names, _moduleRuns, _modules, Anchors.Shift(slide), markers);
        return true;
    }

    private int OrdinalOf(int index) => _ordinals is null ? index : _ordinals.OrdinalOf(index);

    private int ModuleAt(int index) => _moduleRuns.ModuleOf(OrdinalOf(index));

    /// <summary>The entry holding <paramref name="ordinal"/>'s name, or -1 when an earlier alias took its address.</summary>
    private int IndexOfOrdinal(int ordinal)
    {
        if (_ordinals is null) return ordinal < Count ? ordinal : -1;
        return _ordinals.EntryOf(ordinal, Count);
    }

    private ulong EndOf(int index)
    {
        ulong start = _addresses[index];
        bool last = index + 1 == Count;
        return SymbolExtents.EndOf(
            start,
            ModuleAt(index),
            last ? null : _addresses[index + 1],
            last ? 0 : ModuleAt(index + 1),
            Array.IndexOf(_coreEndMarkers, start) >= 0,
            Anchors);
    }

    private int IndexAtOrBelow(ulong address) => _addresses.IndexAtOrBelow(address);
}
