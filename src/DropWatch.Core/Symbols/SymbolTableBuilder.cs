using System.Text;

namespace DropWatch.Core.Symbols;

/// <summary>
/// Collects symbols in file order and produces an immutable, address-sorted <see cref="SymbolTable"/>.
/// </summary>
/// <remarks>
/// Input order does not matter: <c>/proc/kallsyms</c> lists core symbols sorted but appends module symbols
/// per module, so the merged list is sorted here (the fix for upstream 1.5.4's huge module offsets).
/// <para>
/// Several symbols at one address are folded into one entry keeping the FIRST in file order. That is what
/// upstream 1.5.5 prints, and it is the name the kernel itself picks for <c>%pS</c> (its lookup walks back to
/// the first alias, and <c>scripts/kallsyms</c> orders aliases so the preferred name — non-weak, fewest leading
/// underscores — comes first). Packet-mode lines, which print the kernel's <c>%pS</c>, and our summary lines
/// therefore agree.
/// </para>
/// </remarks>
public sealed class SymbolTableBuilder
{
    internal const int CoreModuleIndex = 0;

    private ulong[] _addresses;
    private int[] _moduleIndexes;
    private int _count;

    // Names: a string when one was given, else the UTF-8 bytes from the file in one shared buffer. The file
    // path makes no string per line; SymbolTable decodes a name the first time a lookup returns it.
    private string?[]? _names; // allocated on the first string name
    private int[] _nameStarts;
    private int[] _nameLengths;
    private byte[] _nameBytes;
    private int _nameBytesUsed;

    // Index 0 is the core kernel. A module's lines come in a run, so comparing with the last module's bytes
    // answers almost every line without hashing; a miss (once per run) looks the name up in a dictionary, so
    // even a hostile file with a new module on every line costs O(1) per line. An int index: no module limit.
    private readonly List<string?> _modules = [null];
    private readonly Dictionary<string, int> _moduleIndexByName = new(StringComparer.Ordinal);
    private byte[] _lastModuleKey = [];
    private int _lastModule;

    private CoreAnchors _anchors;

    /// <summary>Creates a builder with room for <paramref name="capacity"/> symbols before it grows.</summary>
    public SymbolTableBuilder(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _addresses = new ulong[capacity];
        _nameStarts = new int[capacity];
        _nameLengths = new int[capacity];
        _moduleIndexes = new int[capacity];
        _nameBytes = new byte[(int)Math.Min((long)capacity * ExpectedNameBytes, Array.MaxLength)];
    }

    // Average kallsyms name length is ~24 bytes (x86-64, 6.x).
    private const int ExpectedNameBytes = 24;

    /// <summary>Number of symbols added so far (before duplicate addresses are folded).</summary>
    public int Count => _count;

    /// <summary>
    /// Adds one symbol. Address 0 is ignored (it can never be matched, and is what hidden kallsyms shows).
    /// Core symbols named <c>_text</c>, <c>_stext</c>, <c>_etext</c>, <c>_einittext</c> or <c>_end</c> are also
    /// recorded as <see cref="CoreAnchors"/>.
    /// </summary>
    public void Add(ulong address, string name, string? module = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (module is null)
        {
            _anchors = _anchors.With(name, address);
            Add(address, name, CoreModuleIndex);
        }
        else
        {
            Add(address, name, InternModule(Encoding.UTF8.GetBytes(module)));
        }
    }

    /// <summary>Loader path: records an anchor from a line whether or not its type is kept.</summary>
    internal void NoteAnchor(ReadOnlySpan<byte> name, ulong address) => _anchors = _anchors.With(name, address);

    internal void Add(ulong address, string name, int moduleIndex)
    {
        if (address == 0) return;
        if (_count == _addresses.Length) Grow();
        _names ??= new string?[_addresses.Length];
        _addresses[_count] = address;
        _names[_count] = name;
        _nameStarts[_count] = 0;
        _nameLengths[_count] = 0;
        _moduleIndexes[_count] = moduleIndex;
        _count++;
    }

    /// <summary>Loader path: the name as the file's UTF-8 bytes, copied into the shared name buffer.</summary>
    internal void Add(ulong address, ReadOnlySpan<byte> utf8Name, int moduleIndex)
    {
        if (address == 0) return;
        if (_count == _addresses.Length) Grow();
        if (utf8Name.Length > _nameBytes.Length - _nameBytesUsed) GrowNameBytes(utf8Name.Length);
        utf8Name.CopyTo(_nameBytes.AsSpan(_nameBytesUsed));
        _addresses[_count] = address;
        if (_names is not null) _names[_count] = null;
        _nameStarts[_count] = _nameBytesUsed;
        _nameLengths[_count] = utf8Name.Length;
        _moduleIndexes[_count] = moduleIndex;
        _nameBytesUsed += utf8Name.Length;
        _count++;
    }

    /// <summary>
    /// Returns the index of the module named by <paramref name="utf8Name"/>, adding it once. Names are keyed by
    /// their decoded text, so byte sequences that decode alike (invalid UTF-8) share the one name they print as.
    /// </summary>
    internal int InternModule(ReadOnlySpan<byte> utf8Name)
    {
        if (_lastModule != CoreModuleIndex && utf8Name.SequenceEqual(_lastModuleKey)) return _lastModule;

        string name = Encoding.UTF8.GetString(utf8Name);
        if (!_moduleIndexByName.TryGetValue(name, out int index))
        {
            index = _modules.Count;
            _modules.Add(name);
            _moduleIndexByName.Add(name, index);
        }

        _lastModuleKey = utf8Name.ToArray();
        return _lastModule = index;
    }

    /// <summary>Sorts, folds duplicate addresses (first in file order wins) and computes symbol ends.</summary>
    public SymbolTable Build()
    {
        int[]? order = SortedOrder();
        int distinct = CountDistinct(order);

        var addresses = new ulong[distinct];
        var names = new string?[distinct];
        var nameStarts = new int[distinct];
        var nameLengths = new int[distinct];
        var moduleIndexes = new int[distinct];
        var atEndMarker = new bool[distinct];

        int written = -1;
        for (int k = 0; k < _count; k++)
        {
            int source = order is null ? k : order[k];
            ulong address = _addresses[source];
            bool core = _moduleIndexes[source] == CoreModuleIndex;
            if (written >= 0 && addresses[written] == address)
            {
                // Same address: the entry already written came first in file order (see SortedOrder).
                atEndMarker[written] |= core && _anchors.IsEndMarker(address);
                continue;
            }

            written++;
            addresses[written] = address;
            names[written] = _names?[source];
            nameStarts[written] = _nameStarts[source];
            nameLengths[written] = _nameLengths[source];
            moduleIndexes[written] = _moduleIndexes[source];
            atEndMarker[written] = core && _anchors.IsEndMarker(address);
        }

        ulong[] ends = SymbolExtents.Compute(addresses, moduleIndexes, atEndMarker, _anchors);
        var symbolNames = new SymbolNames(names, _nameBytes, nameStarts, nameLengths);
        return new SymbolTable(addresses, ends, symbolNames, moduleIndexes, [.. _modules], _anchors);
    }

    /// <summary>
    /// Indexes of the added symbols ordered by address, and within one address by file order; null when the
    /// input is already in that order (a System.map, or kallsyms without modules), so no sort is needed.
    /// </summary>
    private int[]? SortedOrder()
    {
        ReadOnlySpan<ulong> added = _addresses.AsSpan(0, _count);
        if (IsSorted(added)) return null;

        var order = new int[_count];
        for (int i = 0; i < order.Length; i++) order[i] = i;

        // Array.Sort is not stable, so restore file order inside each run of equal addresses afterwards.
        ulong[] keys = added.ToArray();
        Array.Sort(keys, order);
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start);
            start = end;
        }

        return order;
    }

    private int CountDistinct(int[]? order)
    {
        int distinct = 0;
        ulong previous = 0;
        for (int k = 0; k < _count; k++)
        {
            ulong address = _addresses[order is null ? k : order[k]];
            if (distinct == 0 || address != previous) distinct++;
            previous = address;
        }

        return distinct;
    }

    private static bool IsSorted(ReadOnlySpan<ulong> addresses)
    {
        for (int i = 1; i < addresses.Length; i++)
        {
            if (addresses[i] < addresses[i - 1]) return false;
        }

        return true;
    }

    private void Grow()
    {
        int capacity = Math.Max(1024, _addresses.Length * 2);
        Array.Resize(ref _addresses, capacity);
        if (_names is not null) Array.Resize(ref _names, capacity);
        Array.Resize(ref _nameStarts, capacity);
        Array.Resize(ref _nameLengths, capacity);
        Array.Resize(ref _moduleIndexes, capacity);
    }

    private void GrowNameBytes(int needed)
    {
        long capacity = Math.Max((long)_nameBytes.Length * 2, (long)_nameBytesUsed + needed);
        Array.Resize(ref _nameBytes, (int)Math.Min(capacity, Array.MaxLength));
    }
}
