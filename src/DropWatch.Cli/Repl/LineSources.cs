using DropWatch.ReadLine;

namespace DropWatch.Cli.Repl;

/// <summary>The console's line source: our line editor over stdin, with command completion.</summary>
public static class LineSources
{
    public static ILineSource ForConsole(Stream stdout) => new EditorLines(LineEditor.ForConsole(stdout, CommandCompletion.Complete, Hosting.HistoryLocation.FromEnvironment()));

    private sealed class EditorLines(LineEditor editor) : ILineSource
    {
        public string? ReadLine(string prompt) => editor.ReadLine(prompt);
    }
}
