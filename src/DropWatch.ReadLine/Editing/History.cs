namespace DropWatch.ReadLine.Editing;

/// <summary>
/// In-memory command history and the Up/Down walk through it. While walking, position
/// <see cref="Count"/> stands for the line being edited before the walk started (the draft),
/// so Down past the newest entry gives that line back.
/// </summary>
internal sealed class History
{
    private readonly List<string> _entries = new();
    private readonly int _capacity;
    private int _position;      // index of the entry shown; == Count means the draft
    private string _draft = string.Empty;

    public History(int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public IReadOnlyList<string> Entries => _entries;

    public int Count => _entries.Count;

    public int Capacity => _capacity;

    /// <summary>
    /// Records an accepted line: empty lines, and a repeat of the newest entry, are not kept
    /// (bash's ignoredups). The oldest entry goes once the capacity is reached. Returns whether
    /// the line was kept.
    /// </summary>
    public bool Add(string line)
    {
        if (line.Length == 0 || (_entries.Count > 0 && _entries[^1] == line))
        {
            return false;
        }

        if (_entries.Count == _capacity)
        {
            _entries.RemoveAt(0);
        }

        _entries.Add(line);
        return true;
    }

    /// <summary>Starts a new line: the walk begins again at the draft.</summary>
    public void ResetNavigation()
    {
        _position = _entries.Count;
        _draft = string.Empty;
    }

    /// <summary>Up: the entry before the one shown. <paramref name="current"/> is saved when leaving the draft.</summary>
    public bool TryPrevious(string current, out string entry)
    {
        if (_position == 0 || _entries.Count == 0)
        {
            entry = current;
            return false;
        }

        if (_position >= _entries.Count)
        {
            _draft = current;
            _position = _entries.Count;
        }

        entry = _entries[--_position];
        return true;
    }

    /// <summary>Down: the entry after the one shown, or the saved draft past the newest entry.</summary>
    public bool TryNext(out string entry)
    {
        if (_position >= _entries.Count)
        {
            entry = string.Empty;
            return false;
        }

        _position++;
        entry = _position == _entries.Count ? _draft : _entries[_position];
        return true;
    }
}
