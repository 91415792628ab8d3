namespace DropWatch.Cli.Repl;

/// <summary>Where REPL lines come from: the line editor on a terminal or a pipe, or a test script.</summary>
public interface ILineSource
{
    /// <summary>Shows <paramref name="prompt"/> and returns the next line, or null at end of input.</summary>
    string? ReadLine(string prompt);
}
