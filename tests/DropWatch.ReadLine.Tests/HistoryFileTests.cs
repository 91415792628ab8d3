using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>History kept between terminal sessions in a file: written only from a terminal, 0600, bounded, never fatal.</summary>
public sealed class HistoryFileTests : IDisposable
{
    private const string Up = "\u001b[A";

    private readonly string _directory = Directory.CreateTempSubdirectory("dw-history").FullName;

    private string PathInDir => Path.Combine(_directory, "history");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_line_typed_in_one_session_is_recalled_with_Up_in_the_next()
    {
        using (var first = Harness.TtyWithHistory(PathInDir, "set alertlimit 5\r", "start\r"))
        {
            first.ReadAll();
        }

        using var second = Harness.TtyWithHistory(PathInDir, Up + Up + "\r");

        Assert.Equal("set alertlimit 5", second.ReadLine());
        Assert.Equal("set alertlimit 5\nstart\nset alertlimit 5\n", File.ReadAllText(PathInDir)); // run again: recorded again
    }

    [Fact]
    public void The_file_is_created_readable_by_its_owner_only()
    {
        using var h = Harness.TtyWithHistory(PathInDir, "start\r");

        h.ReadLine();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathInDir));
    }

    [Fact]
    public void Piped_input_neither_writes_nor_reads_the_file()
    {
        File.WriteAllText(PathInDir, "old\n");
        using var h = Harness.PipeWithHistory(PathInDir, "start\nexit\n");

        h.ReadAll();

        Assert.Equal("old\n", File.ReadAllText(PathInDir));
        Assert.Equal(new[] { "start", "exit" }, h.Editor.History);
    }

    [Fact]
    public void Empty_lines_and_repeats_are_not_written()
    {
        using var h = Harness.TtyWithHistory(PathInDir, "start\r", "\r", "start\r", "stop\r");

        h.ReadAll();

        Assert.Equal("start\nstop\n", File.ReadAllText(PathInDir));
    }

    [Fact]
    public void The_file_is_bounded_to_the_history_capacity()
    {
        File.WriteAllLines(PathInDir, Enumerable.Range(0, 2500).Select(i => $"line {i}"));

        using var h = Harness.TtyWithHistory(PathInDir, "\r");
        h.ReadLine();

        string[] kept = File.ReadAllLines(PathInDir);
        Assert.Equal(1000, kept.Length);
        Assert.Equal("line 1500", kept[0]);
        Assert.Equal("line 2499", kept[^1]);
        Assert.Equal(1000, h.Editor.History.Count);
    }

    [Fact]
    public void Appending_past_twice_the_capacity_trims_the_file()
    {
        File.WriteAllLines(PathInDir, Enumerable.Range(0, 1000).Select(i => $"line {i}"));
        string[] typed = Enumerable.Range(0, 1001).Select(i => $"new {i}\r").ToArray();

        using var h = Harness.TtyWithHistory(PathInDir, typed);
        h.ReadAll();

        Assert.True(File.ReadAllLines(PathInDir).Length <= 2000);
        Assert.Equal("new 1000", File.ReadAllLines(PathInDir)[^1]);
    }

    [Fact]
    public void An_unreadable_or_unwritable_file_is_not_an_error()
    {
        // A directory where the file should be: it can be neither read nor written.
        Directory.CreateDirectory(PathInDir);
        using (var h = Harness.TtyWithHistory(PathInDir, "start\r"))
        {
            Assert.Equal("start", h.ReadLine());
        }

        using var missingDirectory = Harness.TtyWithHistory(Path.Combine(_directory, "no", "such", "dir", "h"), "stop\r");
        Assert.Equal("stop", missingDirectory.ReadLine());
    }
}
