using DropWatch.ReadLine.Editing;

namespace DropWatch.ReadLine.Tests;

public sealed class HistoryTests
{
    private static History With(params string[] entries)
    {
        var history = new History();
        foreach (string e in entries)
        {
            history.Add(e);
        }

        history.ResetNavigation();
        return history;
    }

    [Fact]
    public void Empty_lines_and_consecutive_duplicates_are_not_added()
    {
        History history = With("start", "", "start", "stop", "start");

        Assert.Equal(new[] { "start", "stop", "start" }, history.Entries);
    }

    [Fact]
    public void Up_walks_back_from_the_newest_and_stops_at_the_oldest()
    {
        History history = With("a", "b");

        Assert.True(history.TryPrevious("", out string first));
        Assert.True(history.TryPrevious(first, out string second));
        Assert.False(history.TryPrevious(second, out string third));

        Assert.Equal(("b", "a", "a"), (first, second, third));
    }

    [Fact]
    public void Down_past_the_newest_restores_the_line_being_edited()
    {
        History history = With("a", "b");

        history.TryPrevious("half typed", out _);
        history.TryPrevious("b", out _);
        Assert.True(history.TryNext(out string b));
        Assert.True(history.TryNext(out string draft));
        Assert.False(history.TryNext(out _));

        Assert.Equal("b", b);
        Assert.Equal("half typed", draft);
    }

    [Fact]
    public void Down_without_walking_does_nothing()
    {
        Assert.False(With("a").TryNext(out _));
    }

    [Fact]
    public void Up_on_empty_history_does_nothing()
    {
        Assert.False(new History().TryPrevious("x", out string entry));
        Assert.Equal("x", entry);
    }

    [Fact]
    public void The_oldest_entry_goes_when_capacity_is_reached()
    {
        var history = new History(capacity: 2);
        history.Add("a");
        history.Add("b");
        history.Add("c");

        Assert.Equal(new[] { "b", "c" }, history.Entries);
    }
}
