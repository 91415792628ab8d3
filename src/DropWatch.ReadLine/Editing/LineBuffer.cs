using System.Text;

namespace DropWatch.ReadLine.Editing;

/// <summary>
/// The line being edited and the cursor in it. Text is kept as Unicode scalar values (runes) so
/// that the cursor can never stop in the middle of a character, whatever its UTF-8 or UTF-16 size.
/// Operations follow GNU readline's emacs bindings; each is a no-op where it has nothing to do.
/// </summary>
internal sealed class LineBuffer
{
    private readonly List<Rune> _runes = new();
    private string _killed = string.Empty;

    /// <summary>Cursor position, in runes from the start of the line (0..Length).</summary>
    public int Cursor { get; private set; }

    public int Length => _runes.Count;

    public bool IsEmpty => _runes.Count == 0;

    public string Text => Concat(0, _runes.Count);

    public string TextBeforeCursor => Concat(0, Cursor);

    /// <summary>The runes from <paramref name="start"/> to the end, for width computations.</summary>
    public IEnumerable<Rune> RunesFrom(int start)
    {
        for (int i = start; i < _runes.Count; i++)
        {
            yield return _runes[i];
        }
    }

    /// <summary>Replaces the whole line (history recall) and puts the cursor at its end.</summary>
    public void SetText(string text)
    {
        _runes.Clear();
        _runes.AddRange(text.EnumerateRunes());
        Cursor = _runes.Count;
    }

    /// <summary>Replaces the whole line and puts the cursor <paramref name="cursor"/> runes from its start.</summary>
    public void SetText(string text, int cursor)
    {
        SetText(text);
        Cursor = Math.Clamp(cursor, 0, _runes.Count);
    }

    public void Clear() => SetText(string.Empty);

    public void Insert(Rune rune)
    {
        _runes.Insert(Cursor, rune);
        Cursor++;
    }

    public void Insert(string text)
    {
        foreach (Rune rune in text.EnumerateRunes())
        {
            Insert(rune);
        }
    }

    public bool MoveLeft() => MoveTo(Cursor - 1);

    public bool MoveRight() => MoveTo(Cursor + 1);

    public bool MoveHome() => MoveTo(0);

    public bool MoveEnd() => MoveTo(_runes.Count);

    /// <summary>Backspace: deletes the character before the cursor.</summary>
    public bool DeleteBackward()
    {
        if (Cursor == 0)
        {
            return false;
        }

        _runes.RemoveAt(--Cursor);
        return true;
    }

    /// <summary>Delete / Ctrl-D: deletes the character under the cursor.</summary>
    public bool DeleteForward()
    {
        if (Cursor == _runes.Count)
        {
            return false;
        }

        _runes.RemoveAt(Cursor);
        return true;
    }

    /// <summary>Ctrl-K: kills from the cursor to the end of the line.</summary>
    public bool KillToEnd() => Kill(Cursor, _runes.Count);

    /// <summary>Ctrl-U: kills from the start of the line to the cursor (readline's unix-line-discard).</summary>
    public bool KillToStart() => Kill(0, Cursor);

    /// <summary>
    /// Ctrl-W: kills the whitespace-delimited word before the cursor, and the blanks between it
    /// and the cursor (readline's unix-word-rubout).
    /// </summary>
    public bool KillWordBackward()
    {
        int start = Cursor;
        while (start > 0 && IsBlank(_runes[start - 1]))
        {
            start--;
        }

        while (start > 0 && !IsBlank(_runes[start - 1]))
        {
            start--;
        }

        return Kill(start, Cursor);
    }

    /// <summary>Ctrl-Y: inserts the text most recently killed.</summary>
    public bool Yank()
    {
        if (_killed.Length == 0)
        {
            return false;
        }

        Insert(_killed);
        return true;
    }

    /// <summary>Alt-B: moves to the start of the current or previous word (letters and digits).</summary>
    public bool MoveWordLeft()
    {
        int i = Cursor;
        while (i > 0 && !IsWordChar(_runes[i - 1]))
        {
            i--;
        }

        while (i > 0 && IsWordChar(_runes[i - 1]))
        {
            i--;
        }

        return MoveTo(i);
    }

    /// <summary>Alt-F: moves to the end of the current or next word (letters and digits).</summary>
    public bool MoveWordRight()
    {
        int i = Cursor;
        while (i < _runes.Count && !IsWordChar(_runes[i]))
        {
            i++;
        }

        while (i < _runes.Count && IsWordChar(_runes[i]))
        {
            i++;
        }

        return MoveTo(i);
    }

    /// <summary>
    /// The start of the blank-delimited word that ends at the cursor: the text completion works on.
    /// </summary>
    public int WordStartBeforeCursor()
    {
        int start = Cursor;
        while (start > 0 && !IsBlank(_runes[start - 1]))
        {
            start--;
        }

        return start;
    }

    /// <summary>The blank-delimited word that ends at the cursor, and where it starts.</summary>
    public string WordBeforeCursor(out int start)
    {
        start = WordStartBeforeCursor();
        return Concat(start, Cursor - start);
    }

    /// <summary>Replaces the runes between <paramref name="start"/> and the cursor with <paramref name="text"/>.</summary>
    public void ReplaceBeforeCursor(int start, string text)
    {
        _runes.RemoveRange(start, Cursor - start);
        Cursor = start;
        Insert(text);
    }

    private bool Kill(int start, int end)
    {
        if (end <= start)
        {
            return false;
        }

        _killed = Concat(start, end - start);
        _runes.RemoveRange(start, end - start);
        Cursor = start;
        return true;
    }

    private bool MoveTo(int position)
    {
        position = Math.Clamp(position, 0, _runes.Count);
        if (position == Cursor)
        {
            return false;
        }

        Cursor = position;
        return true;
    }

    private string Concat(int start, int count)
    {
        var sb = new StringBuilder(count);
        for (int i = start; i < start + count; i++)
        {
            sb.Append(_runes[i].ToString());
        }

        return sb.ToString();
    }

    private static bool IsBlank(Rune r) => r.Value is ' ' or '\t';

    private static bool IsWordChar(Rune r) => Rune.IsLetterOrDigit(r);
}
