using DropWatch.ReadLine.Editing;

namespace DropWatch.ReadLine.Tests;

public sealed class TabCompleterTests
{
    private static readonly string[] Commands = { "exit", "help", "set", "show", "start", "stats", "stop" };

    private static LineBuffer Line(string text)
    {
        var line = new LineBuffer();
        line.SetText(text);
        return line;
    }

    [Fact]
    public void A_single_match_completes_the_word_and_adds_a_space()
    {
        LineBuffer line = Line("he");

        CompletionResult result = new TabCompleter(_ => Commands).Complete(line);

        Assert.Equal(CompletionOutcome.Completed, result.Outcome);
        Assert.Equal("help ", line.Text);
    }

    [Fact]
    public void Several_matches_extend_the_word_to_their_common_prefix()
    {
        LineBuffer line = Line("s");

        CompletionResult result = new TabCompleter(_ => new[] { "start", "stats", "stop" }).Complete(line);

        Assert.Equal(CompletionOutcome.Extended, result.Outcome);
        Assert.Equal("st", line.Text);
        Assert.Equal(new[] { "start", "stats", "stop" }, result.Candidates);
    }

    [Fact]
    public void Several_matches_without_a_longer_prefix_are_ambiguous_and_leave_the_line()
    {
        LineBuffer line = Line("st");

        CompletionResult result = new TabCompleter(_ => Commands).Complete(line);

        Assert.Equal(CompletionOutcome.Ambiguous, result.Outcome);
        Assert.Equal(new[] { "start", "stats", "stop" }, result.Candidates);
        Assert.Equal("st", line.Text);
    }

    [Fact]
    public void No_match_leaves_the_line()
    {
        LineBuffer line = Line("xyz");

        CompletionResult result = new TabCompleter(_ => Commands).Complete(line);

        Assert.Equal(CompletionOutcome.NoMatch, result.Outcome);
        Assert.Empty(result.Candidates);
        Assert.Equal("xyz", line.Text);
    }

    [Fact]
    public void Without_a_completer_Tab_is_unavailable()
    {
        LineBuffer line = Line("st");

        Assert.Equal(CompletionOutcome.Unavailable, new TabCompleter(null).Complete(line).Outcome);
        Assert.Equal("st", line.Text);
    }

    [Fact]
    public void The_callback_gets_the_line_up_to_the_cursor_and_only_the_last_word_is_replaced()
    {
        LineBuffer line = Line("set alertmode pa trailing");
        for (int i = 0; i < " trailing".Length; i++)
        {
            line.MoveLeft();
        }

        string? seen = null;
        new TabCompleter(before =>
        {
            seen = before;
            return new[] { "packet", "summary" };
        }).Complete(line);

        Assert.Equal("set alertmode pa", seen);
        Assert.Equal("set alertmode packet  trailing", line.Text);
    }

    [Fact]
    public void Duplicate_candidates_count_once()
    {
        LineBuffer line = Line("ex");

        CompletionResult result = new TabCompleter(_ => new[] { "exit", "exit" }).Complete(line);

        Assert.Equal(CompletionOutcome.Completed, result.Outcome);
        Assert.Equal("exit ", line.Text);
    }

    [Fact]
    public void An_empty_word_offers_every_candidate()
    {
        LineBuffer line = Line("set ");

        CompletionResult result = new TabCompleter(_ => new[] { "hw", "sw" }).Complete(line);

        Assert.Equal(CompletionOutcome.Ambiguous, result.Outcome);
        Assert.Equal(2, result.Candidates.Count);
    }

    [Fact]
    public void The_common_prefix_never_splits_a_surrogate_pair()
    {
        // U+1D11E and U+1D120 share their high surrogate.
        Assert.Equal("a", TabCompleter.CommonPrefix(new[] { "a𝄞", "a𝄠" }));
    }
}
