using System.Text;
using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>Piped/scripted input must look exactly like GNU readline 8 on a non-tty (upstream reference §5).</summary>
public sealed class NonTerminalTests
{
    [Fact]
    public void Each_line_is_echoed_after_the_prompt_and_EOF_leaves_a_bare_prompt()
    {
        using var h = Harness.Pipe("help\nexit\n");

        Assert.False(h.Editor.IsTerminal);
        Assert.Equal("help", h.ReadLine());
        Assert.Equal("exit", h.ReadLine());
        Assert.Equal("dropwatch> help\ndropwatch> exit\n", h.OutputText);

        Assert.Null(h.ReadLine());
        Assert.Equal("dropwatch> help\ndropwatch> exit\ndropwatch> ", h.OutputText);
    }

    [Fact]
    public void Output_is_byte_exact_with_no_escape_sequences()
    {
        using var h = Harness.Pipe("set alertlimit 1\nstart\n");

        h.ReadAll();

        byte[] expected = Encoding.ASCII.GetBytes("dropwatch> set alertlimit 1\ndropwatch> start\ndropwatch> ");
        Assert.Equal(expected, h.Output.ToArray());
    }

    [Fact]
    public void A_final_line_without_newline_is_returned_and_echoed_with_newline()
    {
        using var h = Harness.Pipe("start\nexit");

        Assert.Equal(new[] { "start", "exit" }, h.ReadAll());
        Assert.Equal("dropwatch> start\ndropwatch> exit\ndropwatch> ", h.OutputText);
    }

    [Fact]
    public void Empty_lines_are_returned_as_empty_strings()
    {
        using var h = Harness.Pipe("\n\nstop\n\n");

        Assert.Equal(new[] { "", "", "stop", "" }, h.ReadAll());
        Assert.Equal("dropwatch> \ndropwatch> \ndropwatch> stop\ndropwatch> \ndropwatch> ", h.OutputText);
    }

    [Fact]
    public void Empty_input_gives_EOF_at_once_after_the_prompt()
    {
        using var h = Harness.Pipe();

        Assert.Null(h.ReadLine());
        Assert.Equal("dropwatch> ", h.OutputText);
    }

    [Fact]
    public void EOF_stays_EOF()
    {
        using var h = Harness.Pipe("x\n");

        h.ReadAll();

        Assert.Null(h.ReadLine());
        Assert.Equal("dropwatch> x\ndropwatch> dropwatch> ", h.OutputText);
    }

    [Fact]
    public void Carriage_return_is_kept_because_only_newline_ends_a_line()
    {
        using var h = Harness.Pipe("start\r\nstop\r\n");

        Assert.Equal(new[] { "start\r", "stop\r" }, h.ReadAll());
        Assert.Equal("dropwatch> start\r\ndropwatch> stop\r\ndropwatch> ", h.OutputText);
    }

    [Fact]
    public void UTF8_lines_are_decoded_and_echoed_unchanged()
    {
        using var h = Harness.Pipe("héllo wörld ☃ 𝄞\n");

        Assert.Equal("héllo wörld ☃ 𝄞", h.ReadLine());
        Assert.Equal("dropwatch> héllo wörld ☃ 𝄞\n", h.OutputText);
    }

    [Fact]
    public void A_UTF8_character_split_across_reads_is_decoded_whole()
    {
        byte[] snowman = Encoding.UTF8.GetBytes("a☃b\n"); // ☃ is E2 98 83
        var input = new Fakes.ScriptedInput();
        input.Add(snowman[..2]).Add(snowman[2..3]).Add(snowman[3..]);
        using var output = new MemoryStream();
        using var editor = new LineEditor(input, output, isTerminal: false, terminalMode: null);

        Assert.Equal("a☃b", editor.ReadLine("> "));
    }

    [Fact]
    public void Invalid_UTF8_is_echoed_as_read_and_decoded_as_replacement_characters()
    {
        var input = new Fakes.ScriptedInput();
        input.Add(new byte[] { (byte)'a', 0xFF, (byte)'b', (byte)'\n' });
        using var output = new MemoryStream();
        using var editor = new LineEditor(input, output, isTerminal: false, terminalMode: null);

        Assert.Equal("a\uFFFDb", editor.ReadLine(""));
        Assert.Equal(new byte[] { (byte)'a', 0xFF, (byte)'b', (byte)'\n' }, output.ToArray());
    }

    [Fact]
    public void Lines_split_across_reads_and_several_lines_in_one_read_both_work()
    {
        using var h = Harness.Pipe("he", "lp\nsto", "p\nexit\nsh", "ow\n");

        Assert.Equal(new[] { "help", "stop", "exit", "show" }, h.ReadAll());
    }

    [Fact]
    public void A_line_longer_than_the_read_buffer_is_returned_whole()
    {
        string longLine = new string('x', 10_000);
        using var h = Harness.Pipe(longLine + "\nnext\n");

        Assert.Equal(new[] { longLine, "next" }, h.ReadAll());
    }

    [Fact]
    public void Lines_after_the_current_one_are_not_lost_by_reading_ahead()
    {
        using var h = Harness.Pipe("a\nb\nc\n");

        Assert.Equal("a", h.ReadLine());
        Assert.Equal(1, h.Input.Reads);
        Assert.Equal("b", h.ReadLine());
        Assert.Equal("c", h.ReadLine());
        Assert.Equal(1, h.Input.Reads); // all three came from the one read
    }

    [Fact]
    public void The_prompt_is_flushed_before_blocking_on_input()
    {
        using var h = Harness.Pipe("start\n");
        string? seenBeforeRead = null;
        h.Input.BeforeRead = () => seenBeforeRead ??= h.OutputText;

        h.ReadLine();

        Assert.Equal("dropwatch> ", seenBeforeRead);
        Assert.Contains(11L, h.Output.FlushedLengths); // "dropwatch> " flushed on its own
    }

    [Fact]
    public void The_terminal_is_never_touched_for_piped_input()
    {
        using var h = Harness.Pipe("a\n");

        h.ReadAll();

        Assert.Empty(h.Mode.Calls);
    }

    [Fact]
    public void Non_empty_lines_go_to_history_too()
    {
        using var h = Harness.Pipe("start\n\nstart\nstop\n");

        h.ReadAll();

        Assert.Equal(new[] { "start", "stop" }, h.Editor.History);
    }
}
