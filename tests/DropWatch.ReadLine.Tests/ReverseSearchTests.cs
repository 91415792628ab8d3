using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>Ctrl-R reverse incremental search through history, with readline's keys and prompt.</summary>
public sealed class ReverseSearchTests
{
    private const string CtrlR = "\u0012";
    private const string CtrlG = "\u0007";

    private static Harness WithHistory(params string[] typed)
    {
        var h = Harness.Tty(["set alertlimit 5\r", "set alertmode packet\r", "start\r", "set alertlimit 10\r", .. typed]);
        for (int i = 0; i < 4; i++)
        {
            h.ReadLine();
        }

        h.ClearOutput();
        return h;
    }

    [Fact]
    public void Typing_finds_the_newest_entry_containing_the_text_and_Enter_accepts_it()
    {
        using var h = WithHistory(CtrlR, "mode", "\r");

        Assert.Equal("set alertmode packet", h.ReadLine());
        Assert.Contains("(reverse-i-search)`mode': set alertmode packet", h.OutputText);
        Assert.EndsWith("\rdropwatch> set alertmode packet\u001b[K\r\n", h.OutputText);
    }

    [Fact]
    public void Ctrl_R_again_goes_to_older_matches()
    {
        using var h = WithHistory(CtrlR + "alertl", CtrlR, "\r");

        Assert.Equal("set alertlimit 5", h.ReadLine());
        Assert.Contains("(reverse-i-search)`alertl': set alertlimit 10", h.OutputText);
    }

    [Fact]
    public void The_cursor_sits_on_the_match()
    {
        using var h = WithHistory(CtrlR + "mode", "\u0002", "X\r"); // Ctrl-B ends the search one left of "mode"

        Assert.Equal("set alerXtmode packet", h.ReadLine());
    }

    [Fact]
    public void No_match_says_failed_and_keeps_the_last_match()
    {
        using var h = WithHistory(CtrlR + "modeX", "\r");

        Assert.Equal("set alertmode packet", h.ReadLine());
        Assert.Contains("(failed reverse-i-search)`modeX': set alertmode packet", h.OutputText);
        Assert.Contains("\a", h.OutputText);
    }

    [Fact]
    public void A_key_that_is_not_for_the_search_ends_it_and_then_acts()
    {
        using var h = WithHistory(CtrlR + "start", "\u0001", "x\r"); // Ctrl-A: to the start of the found line

        Assert.Equal("xstart", h.ReadLine());
    }

    [Fact]
    public void Ctrl_G_gives_back_the_line_as_it_was()
    {
        using var h = WithHistory("draft", CtrlR + "alert", CtrlG, "\r");

        Assert.Equal("draft", h.ReadLine());
    }

    [Fact]
    public void Backspace_widens_the_search_again()
    {
        using var h = WithHistory(CtrlR + "startx", "\u007f", "\r");

        Assert.Equal("start", h.ReadLine());
        Assert.Contains("(failed reverse-i-search)`startx'", h.OutputText);
    }

    [Fact]
    public void Ctrl_R_on_an_empty_query_repeats_the_last_search()
    {
        using var h = WithHistory(CtrlR + "alertl\r", CtrlR + CtrlR + CtrlR, "\r");

        Assert.Equal("set alertlimit 10", h.ReadLine());
        Assert.Equal("set alertlimit 5", h.ReadLine()); // "alertl" again: the newest, then the older one
    }
}
