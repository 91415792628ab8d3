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
/// <para>
/// Memory is built for, because the table is most of a session's peak RSS: per symbol the builder keeps its
/// address (4 B while all share their upper half, <see cref="SymbolAddresses"/>) and its name (front-coded,
/// <see cref="SymbolNameStore"/>). Sorting happens in place, and only what follows the in-order beginning (a
/// kallsyms' module tail) needs an ordinal while it is sorted; the table keeps ordinals as runs
/// (<see cref="OrdinalMap"/>), modules per run of lines (<see cref="ModuleRuns"/>), and computes symbol ends
/// at lookup.
/// </para>
/// </remarks>
public sealed class SymbolTableBuilder
{
    internal const int CoreModuleIndex = 0;

    private readonly SymbolAddresses _addresses;
    private int _count;
    private readonly SymbolNameStore _names = new();
    private readonly ModuleRuns _moduleRuns = new();
    private bool _built;

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
        _addresses = new SymbolAddresses(capacity);
    }

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
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        if (module is null)
        {
            _anchors = _anchors.With(name, address);
            Add(address, utf8, CoreModuleIndex);
        }
        else
        {
            Add(address, utf8, InternModule(Encoding.UTF8.GetBytes(module)));
        }
    }

    /// <summary>Loader path: records an anchor from a line whether or not its type is kept.</summary>
    internal void NoteAnchor(ReadOnlySpan<byte> name, ulong address) => _anchors = _anchors.With(name, address);

    internal void Add(ulong address, string name, int moduleIndex) => Add(address, Encoding.UTF8.GetBytes(name), moduleIndex);

    /// <summary>Loader path: the name as the file's UTF-8 bytes, copied into the name store.</summary>
    internal void Add(ulong address, ReadOnlySpan<byte> utf8Name, int moduleIndex)
    {
        if (address == 0) return;
        if (_built) throw new InvalidOperationException("the table was already built from this builder");
        _addresses.Add(address);
        int ordinal = _names.Add(utf8Name);
        _moduleRuns.Note(ordinal, moduleIndex);
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

    /// <summary>
    /// Sorts, folds duplicate addresses (first in file order wins) and hands the arrays to the table. A builder
    /// builds once: the table owns its storage afterwards (no copy, so no second table's worth of memory).
    /// </summary>
    public SymbolTable Build()
    {
        if (_built) throw new InvalidOperationException("the table was already built from this builder");
        _built = true;
        _names.Complete();
        SortedOrder order = SortInPlace();
        ulong[] coreEndMarkers = CoreEndMarkers(order);
        OrdinalMap? ordinals = FoldDuplicates(order);
        return new SymbolTable(_addresses, ordinals, _names, _moduleRuns, [.. _modules], _anchors, coreEndMarkers);
    }

    /// <summary>
    /// The section-end markers (<c>_etext</c>, <c>_einittext</c>, <c>_end</c>) at which some core symbol was
    /// added: a symbol there covers nothing (see <see cref="SymbolExtents"/>). Decided on the sorted slots
    /// before duplicates are folded, because the anchors are only final at the end of the file and the core
    /// symbol at a marker need not be the alias that keeps the address.
    /// </summary>
    private ulong[] CoreEndMarkers(SortedOrder order)
    {
        var markers = new List<ulong>(3);
        foreach (ulong marker in (ReadOnlySpan<ulong>)[_anchors.Etext, _anchors.Einittext, _anchors.End])
        {
            if (marker == 0 || markers.Contains(marker)) continue;
            int slot = _addresses.IndexAtOrBelow(marker);
            if (slot < 0 || _addresses[slot] != marker) continue;
            while (slot > 0 && _addresses[slot - 1] == marker) slot--;
            for (; slot < _count && _addresses[slot] == marker; slot++)
            {
                int ordinal = order.OrdinalOf(slot);
                if (_moduleRuns.ModuleOf(ordinal) != CoreModuleIndex) continue;
                markers.Add(marker);
                break;
            }
        }

        return [.. markers];
    }

    /// <summary>
    /// Before folding: sorted slot → ordinal. The first <see cref="Prefix"/> slots were already in order (a
    /// kallsyms' core part); the rest came from <see cref="Tail"/>'s ordinals.
    /// </summary>
    private readonly record struct SortedOrder(int Prefix, int[] Tail)
    {
        public int OrdinalOf(int slot) => slot < Prefix ? slot : Tail[slot - Prefix];
    }

    /// <summary>
    /// Sorts the addresses in place; within one address, slots keep file order. Only what follows the longest
    /// in-order beginning is sorted when it all lies at or above that beginning's end — a kallsyms, whose module
    /// symbols come after the core's, above them — so a 122k-symbol file needs ordinals for its module symbols
    /// only, never one per symbol; anything else is sorted whole.
    /// </summary>
    private SortedOrder SortInPlace()
    {
        int prefix = _addresses.SortedPrefixLength();
        if (prefix == _count) return new SortedOrder(_count, []);

        int[] tail = Identity(prefix, _count - prefix);
        _addresses.Sort(prefix, tail);
        if (_addresses[prefix] < _addresses[prefix - 1])
        {
            int[] all = new int[_count];
            for (int i = 0; i < prefix; i++) all[i] = i;
            tail.CopyTo(all.AsSpan(prefix));
            _addresses.Sort(0, all);
            (prefix, tail) = (0, all);
        }

        // Array.Sort is not stable, so restore file order inside each run of equal addresses afterwards. A run that
        // starts in the in-order beginning is in file order already there, and its sorted part all comes later.
        for (int start = prefix; start < _count;)
        {
            int end = start + 1;
            while (end < _count && _addresses[end] == _addresses[start]) end++;
            if (end - start > 1) tail.AsSpan(start - prefix, end - start).Sort();
            start = end;
        }

        return new SortedOrder(prefix, tail);
    }

    private static int[] Identity(int first, int length)
    {
        var ordinals = new int[length];
        for (int i = 0; i < length; i++) ordinals[i] = first + i;
        return ordinals;
    }

    /// <summary>
    /// Keeps the first slot of every run of equal addresses (the first in file order), moving the rest down;
    /// returns the entries' ordinals, or null when every entry's ordinal is its index.
    /// </summary>
    private OrdinalMap? FoldDuplicates(SortedOrder order)
    {
        var ordinals = new OrdinalMap.Builder();
        int written = 0;
        for (int k = 0; k < _count; k++)
        {
            if (written > 0 && _addresses[written - 1] == _addresses[k]) continue;
            _addresses.Move(k, written);
            ordinals.Add(order.OrdinalOf(k));
            written++;
        }

        _addresses.Truncate(written);
        return ordinals.Build();
    }
}
