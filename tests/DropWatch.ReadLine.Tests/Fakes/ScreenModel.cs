using System.Globalization;
using System.Text;
using DropWatch.ReadLine.Rendering;

namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>
/// Just enough of an xterm to see what a user sees: printable characters with auto-wrap (including
/// the pending-wrap state at the last column), CR, LF, BS, cursor up/down/left/right, erase in line
/// and erase in display. Rows grow without limit (no scrolling) so every row ever written stays
/// visible to the test. Fed from the pty reader thread; read from the test thread.
/// </summary>
internal sealed class ScreenModel
{
    private static readonly Rune WideRightHalf = new(0xE000);

    private readonly List<Rune[]> _rows = new();
    private readonly Lock _gate = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _sequence = new();
    private int _row;
    private int _column;
    private bool _pendingWrap; // cursor drawn at the last column; the next character goes to the next row
    private bool _inEscape;
    private long _bytesFed;

    public ScreenModel(int columns)
    {
        Columns = columns;
    }

    public int Columns { get; }

    public long BytesFed
    {
        get
        {
            lock (_gate)
            {
                return _bytesFed;
            }
        }
    }

    public (int Row, int Column) Cursor
    {
        get
        {
            lock (_gate)
            {
                return (_row, _column);
            }
        }
    }

    /// <summary>Every row, trailing blanks trimmed.</summary>
    public IReadOnlyList<string> Rows
    {
        get
        {
            lock (_gate)
            {
                return _rows.Select(Text).ToList();
            }
        }
    }

    // Cells never written show as blanks; the right half of a wide character is not a character.
    private static string Text(Rune[] row) =>
        string.Concat(row.Where(c => c != WideRightHalf).Select(c => c.Value == 0 ? " " : c.ToString())).TrimEnd();

    public override string ToString() => string.Join("\n", Rows.Select((r, i) => $"{i,2}|{r}|"));

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        char[] chars = new char[bytes.Length + 4];
        int n = _utf8.GetChars(bytes, chars, flush: false);
        lock (_gate)
        {
            _bytesFed += bytes.Length;
            foreach (Rune rune in new string(chars, 0, n).EnumerateRunes())
            {
                Process(rune);
            }
        }
    }

    /// <summary>Waits until the screen satisfies <paramref name="condition"/> (the editor draws on another thread).</summary>
    public void WaitUntil(Func<ScreenModel, bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Pty.Timeout;
        while (!condition(this))
        {
            Assert.True(DateTime.UtcNow < deadline, $"screen never showed {what}:\n{this}");
            Thread.Sleep(2);
        }
    }

    private void Process(Rune rune)
    {
        if (_inEscape)
        {
            Escape(rune);
            return;
        }

        switch (rune.Value)
        {
            case '\u001b':
                _inEscape = true;
                _sequence.Clear();
                return;
            case '\r':
                _column = 0;
                _pendingWrap = false;
                return;
            case '\n':
                _row++;
                _pendingWrap = false;
                return;
            case '\b':
                _column = Math.Max(0, _column - 1);
                _pendingWrap = false;
                return;
            case '\a':
                return;
            case < 0x20:
                return;
        }

        Print(rune);
    }

    private void Print(Rune rune)
    {
        int width = DisplayWidth.Of(rune);
        if (width == 0)
        {
            return;
        }

        if (_pendingWrap || _column + width > Columns)
        {
            _row++;
            _column = 0;
            _pendingWrap = false;
        }

        Rune[] row = Row(_row);
        row[_column] = rune;
        if (width == 2)
        {
            row[_column + 1] = WideRightHalf;
        }

        _column += width;
        if (_column >= Columns)
        {
            _column = Columns - 1;
            _pendingWrap = true;
        }
    }

    private void Escape(Rune rune)
    {
        if (_sequence.Length == 0 && rune.Value != '[')
        {
            _inEscape = false; // not a CSI sequence: ignored
            return;
        }

        _sequence.Append(rune.ToString());
        if (_sequence.Length == 1 || rune.Value is < 0x40 or > 0x7e)
        {
            return; // parameters follow
        }

        _inEscape = false;
        string parameters = _sequence.ToString(1, _sequence.Length - 2);
        int n = parameters.Length == 0 ? 1 : int.Parse(parameters.Split(';')[0], CultureInfo.InvariantCulture);
        switch (rune.Value)
        {
            case 'A':
                _row = Math.Max(0, _row - n);
                break;
            case 'B':
                _row += n;
                break;
            case 'C':
                _column = Math.Min(Columns - 1, _column + n);
                break;
            case 'D':
                _column = Math.Max(0, _column - n);
                break;
            case 'H':
                _row = 0;
                _column = 0;
                break;
            case 'K':
                Array.Fill(Row(_row), default, _column, Columns - _column);
                break;
            case 'J':
                if (parameters == "2")
                {
                    _rows.Clear();
                    break;
                }

                Array.Fill(Row(_row), default, _column, Columns - _column);
                for (int r = _row + 1; r < _rows.Count; r++)
                {
                    Array.Fill(_rows[r], default);
                }

                break;
        }

        _pendingWrap = false;
    }

    private Rune[] Row(int index)
    {
        while (_rows.Count <= index)
        {
            _rows.Add(new Rune[Columns]);
        }

        return _rows[index];
    }
}
