using System.Text;
using DropWatch.ReadLine.Tests.Fakes;
using static Tmds.Linux.LibC;

namespace DropWatch.ReadLine.Tests;

/// <summary>
/// A line longer than the terminal is wide, typed one key at a time on a real pseudo-terminal of
/// 30 and 160 columns, read back through the line discipline into a model of the screen: the user
/// must see one prompt, the text wrapped under it, and the cursor where the next key will go.
/// </summary>
public sealed class WrappedLineTests
{
    private const string Prompt = "dropwatch> ";
    private const string Left = "\u001b[D";

    private sealed class Session : IDisposable
    {
        private readonly Pty _pty = Pty.Open();
        private readonly FileStream _output;
        private readonly LineEditor _editor;
        private readonly BackgroundReadLine _reading;

        public Session(int columns)
        {
            _pty.Resize(columns);
            Screen = _pty.StartScreen(columns);
            _output = _pty.SlaveOutput();
            _editor = new LineEditor(_pty.Slave, _output);
            _reading = new BackgroundReadLine(_editor, Prompt);
            _pty.WaitForSettings(t => (t.c_lflag & ICANON) == 0);
            Screen.WaitUntil(s => s.Rows.Count > 0 && s.Rows[0] == Prompt.TrimEnd(), "the prompt");
        }

        public ScreenModel Screen { get; }

        /// <summary>Types each key on its own and waits for the editor to draw it, as a person typing does.</summary>
        public void TypeSlowly(string keys)
        {
            foreach (Rune key in keys.EnumerateRunes())
            {
                Press(key.ToString());
            }
        }

        public void Press(string key)
        {
            long before = Screen.BytesFed;
            _pty.Type(key);
            Screen.WaitUntil(s => s.BytesFed > before, $"a redraw after {Printable(key)}");
            Thread.Sleep(1); // a redraw may arrive in more than one read of the master
        }

        public string? Enter()
        {
            _pty.Type("\r");
            Assert.True(_reading.Join(Pty.Timeout), "ReadLine did not return");
            return _reading.Result;
        }

        public void Dispose()
        {
            _editor.Dispose();
            _output.Dispose();
            _pty.Dispose();
        }

        private static string Printable(string key) => key.Length == 1 && key[0] >= ' ' ? $"'{key}'" : "a control key";
    }

    /// <summary>The rows from the prompt to the last non-empty one, joined: what the line looks like.</summary>
    private static string Drawn(ScreenModel screen, out int promptRows)
    {
        IReadOnlyList<string> rows = screen.Rows;
        promptRows = rows.Count(r => r.Contains(Prompt.TrimEnd(), StringComparison.Ordinal));
        int first = rows.ToList().FindIndex(r => r.StartsWith(Prompt.TrimEnd(), StringComparison.Ordinal));
        var text = new StringBuilder();
        for (int i = Math.Max(first, 0); i < rows.Count; i++)
        {
            text.Append(rows[i].PadRight(screen.Columns));
        }

        return text.ToString().TrimEnd();
    }

    private static void AssertOnePromptShowing(ScreenModel screen, string line)
    {
        string drawn = Drawn(screen, out int prompts);
        Assert.True(prompts == 1, $"expected one prompt row, saw {prompts}:\n{screen}");
        Assert.True(drawn == Prompt + line, $"expected '{Prompt + line}', saw:\n{screen}");
    }

    /// <summary>Where the cursor should be after <paramref name="columnsBefore"/> columns of prompt and text.</summary>
    private static (int Row, int Column) CellAt(int columnsBefore, int columns) => (columnsBefore / columns, columnsBefore % columns);

    [Fact]
    public void Typing_past_the_edge_of_30_columns_keeps_one_prompt_line()
    {
        using var s = new Session(30);
        const string line = "set alertmode packet xyzw 1234567890 abcdefghij";

        s.TypeSlowly(line);

        AssertOnePromptShowing(s.Screen, line);
        Assert.Equal(CellAt(Prompt.Length + line.Length, 30), s.Screen.Cursor);
        Assert.Equal(line, s.Enter());
        AssertOnePromptShowing(s.Screen, line);
    }

    [Fact]
    public void Typing_a_150_character_line_at_160_columns_keeps_one_prompt_line()
    {
        using var s = new Session(160);
        string line = string.Concat(Enumerable.Range(0, 15).Select(i => $"word{i:D2} ab "))[..149] + "z"; // 11 + 150 = 161 columns

        s.TypeSlowly(line);

        AssertOnePromptShowing(s.Screen, line);
        Assert.Equal(CellAt(Prompt.Length + line.Length, 160), s.Screen.Cursor);
        Assert.Equal(line, s.Enter());
    }

    [Fact]
    public void Filling_the_last_column_exactly_puts_the_cursor_on_the_next_row()
    {
        using var s = new Session(30);
        string line = new('x', 30 - Prompt.Length); // prompt + line = 30 columns exactly

        s.TypeSlowly(line);

        AssertOnePromptShowing(s.Screen, line);
        Assert.Equal((1, 0), s.Screen.Cursor); // not stuck in the last column
        s.TypeSlowly("y");
        AssertOnePromptShowing(s.Screen, line + "y");
        Assert.Equal((1, 1), s.Screen.Cursor);
    }

    [Fact]
    public void Editing_across_the_wrap_moves_the_cursor_between_rows()
    {
        using var s = new Session(30);
        const string line = "set alertmode packet 1234567890";
        s.TypeSlowly(line);

        for (int i = 0; i < 15; i++)
        {
            s.Press(Left); // back over the row boundary onto the first row
        }

        int cursorColumns = Prompt.Length + line.Length - 15;
        Assert.Equal(CellAt(cursorColumns, 30), s.Screen.Cursor);
        s.TypeSlowly("Z");
        string edited = line.Insert(line.Length - 15, "Z");
        AssertOnePromptShowing(s.Screen, edited);
        Assert.Equal(CellAt(cursorColumns + 1, 30), s.Screen.Cursor);

        s.Press("\u0005"); // Ctrl-E, then delete back to one row: the second row must be cleared
        for (int i = 0; i < 20; i++)
        {
            s.Press("\u007f");
        }

        AssertOnePromptShowing(s.Screen, edited[..^20]);
        Assert.Equal(edited[..^20], s.Enter());
    }

    [Fact]
    public void Wide_characters_that_do_not_fit_the_last_column_wrap_whole()
    {
        using var s = new Session(30);
        string line = new string('x', 30 - Prompt.Length - 1) + "中文"; // 中 cannot fit the one column left

        s.TypeSlowly(line);

        Assert.Equal(Prompt + new string('x', 30 - Prompt.Length - 1), s.Screen.Rows[0]);
        Assert.Equal("中文", s.Screen.Rows[1]);
        Assert.Equal((1, 4), s.Screen.Cursor);
        s.Press(Left);
        Assert.Equal((1, 2), s.Screen.Cursor);
    }
}
