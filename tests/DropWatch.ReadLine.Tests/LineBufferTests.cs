using System.Text;
using DropWatch.ReadLine.Editing;

namespace DropWatch.ReadLine.Tests;

public sealed class LineBufferTests
{
    private static LineBuffer With(string text, int cursor)
    {
        var line = new LineBuffer();
        line.SetText(text);
        while (line.Cursor > cursor)
        {
            line.MoveLeft();
        }

        return line;
    }

    [Fact]
    public void Insert_goes_at_the_cursor()
    {
        LineBuffer line = With("stat", 2);

        line.Insert(new Rune('X'));

        Assert.Equal("stXat", line.Text);
        Assert.Equal(3, line.Cursor);
    }

    [Fact]
    public void The_cursor_moves_over_whole_characters_whatever_their_size()
    {
        LineBuffer line = With("a𝄞é", 3);

        Assert.True(line.MoveLeft());
        Assert.Equal("a𝄞", line.TextBeforeCursor);
        line.MoveLeft();
        Assert.Equal("a", line.TextBeforeCursor);
        line.DeleteForward();
        Assert.Equal("aé", line.Text);
    }

    [Fact]
    public void Moves_stop_at_the_ends_and_report_no_change()
    {
        LineBuffer line = With("ab", 0);

        Assert.False(line.MoveLeft());
        Assert.False(line.MoveHome());
        Assert.True(line.MoveEnd());
        Assert.False(line.MoveRight());
        Assert.Equal(2, line.Cursor);
    }

    [Fact]
    public void Backspace_deletes_before_and_Delete_under_the_cursor()
    {
        LineBuffer line = With("abcd", 2);

        Assert.True(line.DeleteBackward());
        Assert.Equal("acd", line.Text);
        Assert.True(line.DeleteForward());
        Assert.Equal("ad", line.Text);
        Assert.Equal(1, line.Cursor);
    }

    [Fact]
    public void Backspace_at_start_and_Delete_at_end_do_nothing()
    {
        Assert.False(With("ab", 0).DeleteBackward());
        Assert.False(With("ab", 2).DeleteForward());
    }

    [Fact]
    public void Kill_to_end_and_to_start()
    {
        LineBuffer toEnd = With("set alertlimit 5", 3);
        LineBuffer toStart = With("set alertlimit 5", 4);

        toEnd.KillToEnd();
        toStart.KillToStart();

        Assert.Equal("set", toEnd.Text);
        Assert.Equal("alertlimit 5", toStart.Text);
        Assert.Equal(0, toStart.Cursor);
    }

    [Theory]
    [InlineData("set alertmode packet", 20, "set alertmode ")]
    [InlineData("set alertmode   ", 16, "set ")]
    [InlineData("set alertmode packet", 13, "set  packet")]
    [InlineData("word", 0, "word")]
    public void Kill_word_backward_removes_the_blank_delimited_word_before_the_cursor(string text, int cursor, string expected)
    {
        LineBuffer line = With(text, cursor);

        line.KillWordBackward();

        Assert.Equal(expected, line.Text);
    }

    [Fact]
    public void Yank_inserts_the_last_kill()
    {
        LineBuffer line = With("start now", 9);
        line.KillWordBackward();
        line.MoveHome();

        Assert.True(line.Yank());
        Assert.Equal("nowstart ", line.Text);
    }

    [Fact]
    public void Yank_with_nothing_killed_does_nothing()
    {
        Assert.False(new LineBuffer().Yank());
    }

    [Fact]
    public void Word_moves_skip_punctuation_and_stop_at_word_edges()
    {
        LineBuffer line = With("set alert-mode x", 16);

        line.MoveWordLeft();
        Assert.Equal(15, line.Cursor);
        line.MoveWordLeft();
        Assert.Equal(10, line.Cursor);
        line.MoveWordLeft();
        Assert.Equal(4, line.Cursor);
        line.MoveWordRight();
        Assert.Equal(9, line.Cursor);
    }

    [Fact]
    public void SetText_puts_the_cursor_at_the_end()
    {
        var line = new LineBuffer();

        line.SetText("stats");

        Assert.Equal(5, line.Cursor);
        Assert.Equal("stats", line.Text);
    }

    [Fact]
    public void WordBeforeCursor_and_ReplaceBeforeCursor_work_on_the_word_ending_at_the_cursor()
    {
        LineBuffer line = With("set alxx", 6);

        string word = line.WordBeforeCursor(out int start);
        line.ReplaceBeforeCursor(start, "alertlimit");

        Assert.Equal("al", word);
        Assert.Equal("set alertlimitxx", line.Text);
        Assert.Equal(14, line.Cursor);
    }
}
