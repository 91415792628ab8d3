using System.Text;

namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>A LineEditor on scripted input with its output captured in memory.</summary>
internal sealed class Harness : IDisposable
{
    public const string Prompt = "dropwatch> ";

    private Harness(ScriptedInput input, bool isTerminal, Func<string, IReadOnlyList<string>>? completer,
        Func<int>? columns = null, string? historyFile = null)
    {
        Input = input;
        Mode = new RecordingTerminalMode();
        Output = new FlushCountingStream();
        Editor = new LineEditor(input, Output, isTerminal, isTerminal ? Mode : null, completer, columns, historyFile);
    }

    public ScriptedInput Input { get; }

    public RecordingTerminalMode Mode { get; }

    public FlushCountingStream Output { get; }

    public LineEditor Editor { get; }

    public string OutputText => Encoding.UTF8.GetString(Output.ToArray());

    public static Harness Pipe(params string[] chunks) => new(new ScriptedInput(chunks), isTerminal: false, completer: null);

    public static Harness Tty(params string[] chunks) => new(new ScriptedInput(chunks), isTerminal: true, completer: null);

    public static Harness Tty(Func<string, IReadOnlyList<string>> completer, params string[] chunks)
        => new(new ScriptedInput(chunks), isTerminal: true, completer);

    public static Harness TtyWithHistory(string historyFile, params string[] chunks)
        => new(new ScriptedInput(chunks), isTerminal: true, completer: null, historyFile: historyFile);

    public static Harness PipeWithHistory(string historyFile, params string[] chunks)
        => new(new ScriptedInput(chunks), isTerminal: false, completer: null, historyFile: historyFile);

    public string? ReadLine() => Editor.ReadLine(Prompt);

    /// <summary>Reads lines until EOF (null), which is not included.</summary>
    public List<string> ReadAll()
    {
        var lines = new List<string>();
        while (ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    public void ClearOutput()
    {
        Output.SetLength(0);
        Output.Position = 0;
    }

    public void Dispose() => Editor.Dispose();
}
