namespace DropWatch.Core.Symbols;

/// <summary>
/// The addresses of a symbol table, in 4 bytes each while every address shares its upper 32 bits (a
/// kernel's text, its modules and its BPF programs all live in the top 2 GiB of the address space), else
/// in 8. Memory again (issue 13): half a megabyte of a 122k-symbol kallsyms. The builder appends and sorts;
/// the table reads, and a KASLR slide only moves the base.
/// </summary>
internal sealed class SymbolAddresses
{
    private const ulong HighHalf = 0xFFFF_FFFF_0000_0000;

    private uint[]? _offsets; // narrow: address - _base
    private ulong[]? _wide; // once some address does not share the upper half: the addresses themselves
    private ulong _base;
    private int _count;

    public SymbolAddresses(int capacity) => _offsets = new uint[capacity];

    private SymbolAddresses(uint[]? offsets, ulong[]? wide, ulong @base, int count)
    {
        _offsets = offsets;
        _wide = wide;
        _base = @base;
        _count = count;
    }

    public static SymbolAddresses Empty { get; } = new(0);

    public int Count => _count;

    /// <summary>True while the addresses are kept as 32-bit offsets (for the tests' accounting).</summary>
    internal bool IsNarrow => _offsets is not null;

    public ulong this[int index] => _offsets is { } offsets ? _base + offsets[index] : _wide![index];

    public void Add(ulong address)
    {
        if (_offsets is not null)
        {
            if (_count == 0) _base = address & HighHalf;
            if ((address & HighHalf) == _base)
            {
                if (_count == _offsets.Length) Array.Resize(ref _offsets, Grown(_offsets.Length));
                _offsets[_count++] = (uint)(address - _base);
                return;
            }

            Widen();
        }

        if (_count == _wide!.Length) Array.Resize(ref _wide, Grown(_wide.Length));
        _wide[_count++] = address;
    }

    /// <summary>
    /// Sorts the entries from <paramref name="start"/> on by address, carrying <paramref name="ordinals"/> (one per
    /// sorted entry) along; unstable, like <see cref="MemoryExtensions.Sort{TKey,TValue}(Span{TKey},Span{TValue})"/>.
    /// </summary>
    public void Sort(int start, Span<int> ordinals)
    {
        // Offsets from one base sort exactly as the addresses do.
        if (_offsets is { } offsets) offsets.AsSpan(start, _count - start).Sort(ordinals);
        else _wide!.AsSpan(start, _count - start).Sort(ordinals);
    }

    /// <summary>How many entries from the first are in non-decreasing order.</summary>
    public int SortedPrefixLength()
    {
        for (int i = 1; i < _count; i++)
        {
            if (this[i] < this[i - 1]) return i;
        }

        return _count;
    }

    /// <summary>Copies entry <paramref name="from"/> to <paramref name="to"/> (folding duplicates moves entries down).</summary>
    public void Move(int from, int to)
    {
        if (_offsets is { } offsets) offsets[to] = offsets[from];
        else _wide![to] = _wide[from];
    }

    /// <summary>Keeps the first <paramref name="count"/> entries.</summary>
    public void Truncate(int count) => _count = count;

    /// <summary>Index of the last entry whose address is ≤ <paramref name="address"/> (sorted entries), or -1.</summary>
    public int IndexAtOrBelow(ulong address)
    {
        if (_offsets is { } offsets)
        {
            if (address < _base) return -1;
            ulong offset = address - _base;
            if (offset > uint.MaxValue) return _count - 1;
            return IndexAtOrBelow(offsets.AsSpan(0, _count), (uint)offset);
        }

        return IndexAtOrBelow(_wide.AsSpan(0, _count), address);
    }

    /// <summary>The same addresses moved by <paramref name="slide"/>; the caller has checked that none wraps.</summary>
    public SymbolAddresses Shifted(ulong slide)
    {
        if (_offsets is not null) return new SymbolAddresses(_offsets, null, unchecked(_base + slide), _count); // shares the offsets
        var moved = new ulong[_count];
        for (int i = 0; i < moved.Length; i++) moved[i] = unchecked(_wide![i] + slide);
        return new SymbolAddresses(null, moved, 0, _count);
    }

    private void Widen()
    {
        var wide = new ulong[Math.Max(_offsets!.Length, 16)];
        for (int i = 0; i < _count; i++) wide[i] = _base + _offsets[i];
        _wide = wide;
        _offsets = null;
    }

    // Half again, not double: the last growth of a 122k-symbol load then wastes at most a third.
    private static int Grown(int length) => Math.Max(1024, length + length / 2);

    private static int IndexAtOrBelow<T>(ReadOnlySpan<T> sorted, T value) where T : IComparable<T>
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (sorted[mid].CompareTo(value) <= 0) low = mid + 1;
            else high = mid;
        }

        return low - 1;
    }
}
