using System.Text;
using DropWatch.Cli.Repl;

namespace DropWatch.Cli.Tests;

/// <summary>
/// Feeds lines the way upstream's readline behaves on a pipe: the prompt and the line are echoed,
/// and at the end the prompt is written without a newline.
/// </summary>
internal sealed class ScriptedLines(Stream output, params string[] lines) : ILineSource
{
    private readonly Queue<string> _lines = new(lines);

    public Action<string>? BeforeEachLine { get; init; }

    public string? ReadLine(string prompt)
    {
        if (_lines.Count == 0)
        {
            output.Write(Encoding.UTF8.GetBytes(prompt));
            return null;
        }
        string line = _lines.Dequeue();
        BeforeEachLine?.Invoke(line);
        output.Write(Encoding.UTF8.GetBytes(prompt + line + "\n"));
        return line;
    }
}
