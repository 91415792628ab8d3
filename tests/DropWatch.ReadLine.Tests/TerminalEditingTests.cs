using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>Keys typed on a terminal, through the whole editor, to the line returned.</summary>
public sealed class TerminalEditingTests
{
    private const string Left = "\u001b[D";

    [Theory]
    [InlineData("start\r")]
    [InlineData("start\n")]
    [InlineData("sart\u001b[D\u001b[D\u001b[Dt\r")]             // Left arrow, insert in the middle
    [InlineData("sart\u001bOD\u001bOD\u001bODt\r")]              // Left in application cursor mode
    [InlineData("sart\u0002\u0002\u0002t\r")]                    // Ctrl-B
    [InlineData("tart\u001b[Hs\r")]                              // Home
    [InlineData("tart\u001bOHs\r")]
    [InlineData("tart\u001b[1~s\r")]
    [InlineData("tart\u0001s\r")]                                // Ctrl-A
    [InlineData("star\u0001\u001b[Ft\r")]                        // End
    [InlineData("star\u0001\u001bOFt\r")]
    [InlineData("star\u0001\u001b[4~t\r")]
    [InlineData("star\u0001\u0005t\r")]                          // Ctrl-E
    [InlineData("sart\u0001\u001b[Ct\r")]                        // Right arrow
    [InlineData("sart\u0001\u0006t\r")]                          // Ctrl-F
    [InlineData("starx\u007ft\r")]                               // Backspace (DEL)
    [InlineData("starx\bt\r")]                                   // Backspace (BS)
    [InlineData("xstart\u0001\u001b[3~\r")]                      // Delete
    [InlineData("xstart\u0001\u0004\r")]                         // Ctrl-D on a non-empty line deletes
    [InlineData("start junk\u0002\u0002\u0002\u0002\u0002\u000b\r")] // Ctrl-K
    [InlineData("junk start\u0001\u0006\u0006\u0006\u0006\u0006\u0015\r")] // Ctrl-U
    [InlineData("start junk\u0017\u007f\r")]                     // Ctrl-W
    [InlineData("st\u001b[2~art\r")]                             // unknown sequence (Insert) swallowed
    [InlineData("st\u001b[15~art\r")]                            // F5 swallowed
    [InlineData("st\u001aart\r")]                                // Ctrl-Z suspends, then editing goes on
    [InlineData("st\u000cart\r")]                                // Ctrl-L redraws, keeps the line
    [InlineData("tart\u001b[1;5D\u001b[1;5Ds\r")]                // Ctrl-Left to the word start
    [InlineData("art\u001bbst\r")]                               // Alt-B
    [InlineData("start\r\n")]                                    // CR LF is one Enter
    public void Edited_line_is_returned(string typed)
    {
        using var h = Harness.Tty(typed);

        Assert.True(h.Editor.IsTerminal);
        Assert.Equal("start", h.ReadLine());
    }

    [Fact]
    public void UTF8_is_inserted_and_edited_as_whole_characters()
    {
        using var h = Harness.Tty("hé" + Left + "x" + "☃\r");

        Assert.Equal("hx☃é", h.ReadLine());
    }

    [Fact]
    public void Yank_puts_back_what_Ctrl_W_killed()
    {
        using var h = Harness.Tty("start\u0017\u0019\u0019\r");

        Assert.Equal("startstart", h.ReadLine());
    }

    [Fact]
    public void Output_is_prompt_redraws_and_CR_LF_on_Enter()
    {
        using var h = Harness.Tty("ab\r");

        h.ReadLine();

        Assert.Equal("\rdropwatch> \u001b[K\rdropwatch> ab\u001b[K\r\n", h.OutputText);
    }

    [Fact]
    public void The_cursor_is_put_back_by_the_width_of_the_text_after_it()
    {
        using var h = Harness.Tty("ab" + Left, "中" + Left, "\r");

        h.ReadLine();

        Assert.Contains("\rdropwatch> ab\u001b[K\u001b[1D", h.OutputText);
        Assert.Contains("\rdropwatch> a中b\u001b[K\u001b[3D", h.OutputText); // 中 is two columns wide
    }

    [Fact]
    public void Enter_with_the_cursor_mid_line_ends_the_row_after_the_whole_line()
    {
        using var h = Harness.Tty("ab" + Left, "\r");

        Assert.Equal("ab", h.ReadLine());
        Assert.EndsWith("\rdropwatch> ab\u001b[K\r\n", h.OutputText);
    }

    [Fact]
    public void Pasted_text_is_drawn_once_not_once_per_key()
    {
        using var h = Harness.Tty("set alertlimit 10\r");

        h.ReadLine();

        Assert.Equal(2, CountOf(h.OutputText, "\rdropwatch> ")); // initial prompt + final redraw
    }

    [Fact]
    public void Ctrl_L_clears_the_screen_and_redraws()
    {
        using var h = Harness.Tty("st\u000c", "\r");

        h.ReadLine();

        Assert.Contains("\u001b[H\u001b[2J\rdropwatch> st\u001b[K", h.OutputText);
    }

    [Fact]
    public void The_prompt_is_flushed_before_waiting_for_keys()
    {
        using var h = Harness.Tty("x\r");
        string? seenBeforeRead = null;
        h.Input.BeforeRead = () => seenBeforeRead ??= h.OutputText;

        h.ReadLine();

        Assert.Equal("\rdropwatch> \u001b[K", seenBeforeRead);
    }

    [Fact]
    public void Keys_typed_ahead_are_kept_for_the_next_ReadLine()
    {
        using var h = Harness.Tty("start\rstop\r");

        Assert.Equal("start", h.ReadLine());
        Assert.Equal("stop", h.ReadLine());
        Assert.Equal(1, h.Input.Reads);
    }

    [Fact]
    public void Ctrl_C_discards_the_line_prints_caret_C_and_prompts_again()
    {
        using var h = Harness.Tty("junk", "\u0003", "start\r");
        int interrupts = 0;
        h.Editor.Interrupted += (_, _) => interrupts++;

        string? line = h.ReadLine();

        Assert.Equal("start", line);
        Assert.Equal(1, interrupts);
        Assert.Contains("\rdropwatch> junk\u001b[K^C\r\n\rdropwatch> \u001b[K", h.OutputText);
        Assert.Equal(new[] { "start" }, h.Editor.History);
    }

    [Fact]
    public void Ctrl_C_with_the_cursor_mid_line_prints_caret_C_after_the_text()
    {
        using var h = Harness.Tty("junk" + Left + Left, "\u0003", "\r");

        Assert.Equal("", h.ReadLine());
        Assert.Contains("\rdropwatch> junk\u001b[K^C\r\n", h.OutputText);
    }

    [Fact]
    public void Ctrl_D_on_an_empty_line_is_EOF_and_prints_only_a_newline()
    {
        using var h = Harness.Tty("\u0004");

        Assert.Null(h.ReadLine());
        Assert.Equal("\rdropwatch> \u001b[K\r\n", h.OutputText);
    }

    [Fact]
    public void Ctrl_D_after_the_line_was_emptied_is_EOF_too()
    {
        using var h = Harness.Tty("ab\u007f\u007f\u0004");

        Assert.Null(h.ReadLine());
    }

    [Fact]
    public void End_of_input_on_an_empty_line_is_EOF()
    {
        using var h = Harness.Tty();

        Assert.Null(h.ReadLine());
        Assert.EndsWith("\r\n", h.OutputText);
    }

    [Fact]
    public void End_of_input_with_text_returns_the_text()
    {
        using var h = Harness.Tty("stop");

        Assert.Equal("stop", h.ReadLine());
        Assert.Null(h.ReadLine());
    }

    [Fact]
    public void Up_recalls_older_lines_and_Down_restores_the_line_being_edited()
    {
        using var h = Harness.Tty("start\r", "stop\r", "\u001b[A\u001b[A\r", "dra\u001b[A\u001b[B", "ft\r");

        h.ReadLine();
        h.ReadLine();

        Assert.Equal("start", h.ReadLine());
        Assert.Equal("draft", h.ReadLine());
        Assert.Equal(new[] { "start", "stop", "start", "draft" }, h.Editor.History);
    }

    [Fact]
    public void Ctrl_P_and_Ctrl_N_walk_history_like_the_arrows()
    {
        using var h = Harness.Tty("a\r", "b\r", "\u0010\u0010\u000e\r");

        h.ReadLine();
        h.ReadLine();

        Assert.Equal("b", h.ReadLine());
    }

    [Fact]
    public void A_recalled_line_can_be_edited_before_Enter()
    {
        using var h = Harness.Tty("set alertlimit 5\r", "\u001b[A\u007f7\r");

        h.ReadLine();

        Assert.Equal("set alertlimit 7", h.ReadLine());
    }

    [Fact]
    public void Up_with_no_history_leaves_the_line_alone()
    {
        using var h = Harness.Tty("ab\u001b[A\u001b[Bc\r");

        Assert.Equal("abc", h.ReadLine());
        Assert.Equal(new[] { "abc" }, h.Editor.History);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
