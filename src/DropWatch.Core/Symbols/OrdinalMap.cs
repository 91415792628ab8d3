namespace DropWatch.Core.Symbols;

/// <summary>
/// Table entry (address order) → name ordinal (file order), for a file that was not strictly in address order.
/// Kept as runs of consecutive ordinals when there are few — a kallsyms is in order but for its folded aliases
/// and its module tail, so a 122k-symbol table needs a few hundred runs instead of half a megabyte — and as
/// one ordinal per entry otherwise (a shuffled file).
/// </summary>
internal sealed class OrdinalMap
{
    private readonly int[] _runEntries; // first entry of every run (ascending); empty in the plain form
    private readonly int[] _runOrdinals; // its ordinal; the run's next entries have the next ordinals
    private readonly int[]? _perEntry; // the plain form

    private OrdinalMap(int[] runEntries, int[] runOrdinals, int[]? perEntry)
    {
        _runEntries = runEntries;
        _runOrdinals = runOrdinals;
        _perEntry = perEntry;
    }

    /// <summary>Number of runs (for the tests' accounting); 0 in the plain form.</summary>
    internal int Runs => _perEntry is null ? _runEntries.Length : 0;

    public int OrdinalOf(int entry)
    {
        if (_perEntry is { } plain) return plain[entry];
        int run = _runEntries.AsSpan().BinarySearch(entry);
        if (run < 0) run = ~run - 1;
        return _runOrdinals[run] + (entry - _runEntries[run]);
    }

    /// <summary>The entry holding <paramref name="ordinal"/>, or -1 (its address went to an earlier alias).</summary>
    public int EntryOf(int ordinal, int entries)
    {
        if (_perEntry is { } plain) return Array.IndexOf(plain, ordinal, 0, entries);
        for (int run = 0; run < _runEntries.Length; run++)
        {
            int end = run + 1 < _runEntries.Length ? _runEntries[run + 1] : entries;
            int offset = ordinal - _runOrdinals[run];
            if (offset >= 0 && offset < end - _runEntries[run]) return _runEntries[run] + offset;
        }

        return -1;
    }

    /// <summary>Collects the map entry by entry, in entry order.</summary>
    internal sealed class Builder
    {
        private readonly List<int> _entries = [];
        private readonly List<int> _ordinals = [];
        private int _next; // entries added
        private int _lastOrdinal = -2;

        public void Add(int ordinal)
        {
            if (ordinal != _lastOrdinal + 1)
            {
                _entries.Add(_next);
                _ordinals.Add(ordinal);
            }

            _lastOrdinal = ordinal;
            _next++;
        }

        /// <summary>Null when every entry's ordinal is its own index (nothing to keep).</summary>
        public OrdinalMap? Build()
        {
            if (_entries.Count == 0 || (_entries.Count == 1 && _ordinals[0] == 0)) return null;
            if (_entries.Count * 2 < _next) return new OrdinalMap([.. _entries], [.. _ordinals], null);
            var plain = new int[_next];
            for (int run = 0; run < _entries.Count; run++)
            {
                int end = run + 1 < _entries.Count ? _entries[run + 1] : _next;
                for (int entry = _entries[run]; entry < end; entry++) plain[entry] = _ordinals[run] + (entry - _entries[run]);
            }

            return new OrdinalMap([], [], plain);
        }
    }
}
