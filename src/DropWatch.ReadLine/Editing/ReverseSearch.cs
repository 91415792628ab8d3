namespace DropWatch.ReadLine.Editing;

/// <summary>
/// Ctrl-R, readline's reverse incremental search: each character typed narrows the search to the
/// newest history entry (at or before the current match) that contains the query; Ctrl-R again goes
/// to the next older one; Backspace widens it again. The line being edited when the search started
/// is kept, so that aborting (Ctrl-G) gives it back unchanged.
/// </summary>
internal sealed class ReverseSearch
{
    private readonly IReadOnlyList<string> _entries;
    private string _lastQuery; // Ctrl-R on an empty query repeats the previous search, as readline does

    public ReverseSearch(IReadOnlyList<string> entries, string originalText, int originalCursor, string lastQuery)
    {
        _entries = entries;
        OriginalText = originalText;
        OriginalCursor = originalCursor;
        _lastQuery = lastQuery;
        MatchEntry = entries.Count; // nothing matched yet: "before" the newest entry
    }

    public string OriginalText { get; }

    public int OriginalCursor { get; }

    public string Query { get; private set; } = string.Empty;

    /// <summary>The query to offer the next search for Ctrl-R on an empty query.</summary>
    public string LastQuery => _lastQuery;

    /// <summary>True when no entry contains the query; the last match stays shown, as in readline.</summary>
    public bool Failed { get; private set; }

    /// <summary>The entry matched, or null before anything matched.</summary>
    public string? Match => MatchEntry < _entries.Count ? _entries[MatchEntry] : null;

    /// <summary>Where the query starts in <see cref="Match"/>, in UTF-16 units.</summary>
    public int MatchStart { get; private set; }

    private int MatchEntry { get; set; }

    public string Prompt => $"({(Failed ? "failed " : "")}reverse-i-search)`{Query}': ";

    public void Append(string text)
    {
        Query += text;
        // The current match may still contain the longer query; search from it, not past it.
        Find(from: Math.Min(MatchEntry, _entries.Count - 1));
    }

    /// <summary>Ctrl-R while searching: the next older entry with the query.</summary>
    public void Older()
    {
        if (Query.Length == 0)
        {
            Query = _lastQuery;
        }

        if (Query.Length > 0)
        {
            Find(from: MatchEntry - 1);
        }
    }

    /// <summary>Backspace while searching: a shorter query, searched again from the newest entry.</summary>
    public bool RemoveLast()
    {
        if (Query.Length == 0)
        {
            return false;
        }

        Query = Query[..^(char.IsLowSurrogate(Query[^1]) && Query.Length > 1 ? 2 : 1)];
        MatchEntry = _entries.Count;
        MatchStart = 0;
        Failed = false;
        if (Query.Length > 0)
        {
            Find(from: _entries.Count - 1);
        }

        return true;
    }

    private void Find(int from)
    {
        _lastQuery = Query;
        for (int i = from; i >= 0; i--)
        {
            int at = _entries[i].IndexOf(Query, StringComparison.Ordinal);
            if (at >= 0)
            {
                MatchEntry = i;
                MatchStart = at;
                Failed = false;
                return;
            }
        }

        Failed = true;
    }
}
