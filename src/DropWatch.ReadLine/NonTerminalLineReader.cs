using System.Text;
using DropWatch.ReadLine.Input;

namespace DropWatch.ReadLine;

/// <summary>
/// Line reading when input is a pipe or a file, byte for byte like GNU readline 8 on a non-tty:
/// the prompt is written, then the line read is echoed after it with '\n', so a transcript of a
/// script shows each command after its prompt. At end of input the prompt stays without newline.
/// No escape sequences are ever written in this mode.
/// </summary>
internal sealed class NonTerminalLineReader
{
    private readonly PipeLineReader _lines;
    private readonly Stream _output;

    public NonTerminalLineReader(IInputSource input, Stream output)
    {
        _lines = new PipeLineReader(input);
        _output = output;
    }

    public string? ReadLine(string prompt)
    {
        // The prompt goes out (flushed) before blocking, so an interactive feeder sees it.
        WriteUtf8(prompt);
        _output.Flush();

        if (!_lines.TryReadLine(out ReadOnlySpan<byte> line))
        {
            return null;
        }

        // Echo the bytes as read, not re-encoded text: invalid UTF-8 stays exactly as it came.
        _output.Write(line);
        _output.WriteByte((byte)'\n');
        _output.Flush();
        return PipeLineReader.Decode(line);
    }

    private void WriteUtf8(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        _output.Write(Encoding.UTF8.GetBytes(text));
    }
}
