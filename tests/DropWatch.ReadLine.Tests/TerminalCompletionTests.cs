using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>Tab on a terminal: what the user sees and what the line becomes.</summary>
public sealed class TerminalCompletionTests
{
    private static readonly Func<string, IReadOnlyList<string>> Commands =
        _ => new[] { "exit", "help", "set", "show", "start", "stats", "stop" };

    [Fact]
    public void A_single_match_completes_with_a_space()
    {
        using var h = Harness.Tty(Commands, "he\t\r");

        Assert.Equal("help ", h.ReadLine());
        Assert.DoesNotContain("\a", h.OutputText);
    }

    [Fact]
    public void Several_matches_complete_the_common_prefix_silently()
    {
        using var h = Harness.Tty(_ => new[] { "start", "stats", "stop" }, "s\t\r");

        Assert.Equal("st", h.ReadLine());
        Assert.DoesNotContain("\a", h.OutputText);
    }

    [Fact]
    public void A_second_Tab_lists_the_matches_and_redraws_the_prompt()
    {
        using var h = Harness.Tty(Commands, "st\t", "\t", "o\t\r");

        string? line = h.ReadLine();

        Assert.Equal("stop ", line);
        string output = h.OutputText;
        Assert.Contains("\a", output); // first Tab: nothing to add
        Assert.Contains("\r\nstart  stats  stop\r\n\rdropwatch> st\u001b[K", output);
    }

    [Fact]
    public void Tabs_separated_by_another_key_do_not_list()
    {
        using var h = Harness.Tty(Commands, "st\t", "a\u007f", "\t\r");

        h.ReadLine();

        Assert.DoesNotContain("start  stats  stop", h.OutputText);
    }

    [Fact]
    public void No_match_rings_the_bell_and_leaves_the_line()
    {
        using var h = Harness.Tty(Commands, "xyz\t\r");

        Assert.Equal("xyz", h.ReadLine());
        Assert.Contains("\a", h.OutputText);
    }

    [Fact]
    public void Completion_works_on_the_word_before_the_cursor_with_context()
    {
        string? seen = null;
        using var h = Harness.Tty(
            before =>
            {
                seen = before;
                return before.StartsWith("set ", StringComparison.Ordinal) ? new[] { "alertlimit", "alertmode" } : Array.Empty<string>();
            },
            "set alertm\t\r");

        Assert.Equal("set alertmode ", h.ReadLine());
        Assert.Equal("set alertm", seen);
    }

    [Fact]
    public void Without_a_completer_Tab_is_ignored()
    {
        using var h = Harness.Tty("a\tb\r");

        Assert.Equal("ab", h.ReadLine());
    }
}
