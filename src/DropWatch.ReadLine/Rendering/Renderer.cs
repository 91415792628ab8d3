using System.Buffers;
using System.Globalization;
using System.Text;
using DropWatch.ReadLine.Editing;

namespace DropWatch.ReadLine.Rendering;

/// <summary>
/// Draws the prompt and line with a handful of ANSI sequences understood by every terminal
/// emulator in use: CR to go to column 0, ESC[K to clear the rest of the row, ESC[nD to put the
/// cursor back. Each redraw is the whole row, which keeps the code free of incremental-update
/// bookkeeping; output is collected and written in one go to avoid flicker.
///
/// Known limit: a prompt plus line wider than the terminal wraps, and CR then only returns to
/// the start of the last row. Command lines of this tool are short.
/// </summary>
internal sealed class Renderer
{
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _pending = new(256);

    public Renderer(Stream output) => _output = output;

    public void Redraw(string prompt, LineBuffer line)
    {
        Write("\r");
        Write(prompt);
        Write(line.Text);
        Write("\u001b[K");
        int columnsAfterCursor = DisplayWidth.Of(line.RunesFrom(line.Cursor));
        if (columnsAfterCursor > 0)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"\u001b[{columnsAfterCursor}D"));
        }
    }

    /// <summary>Ctrl-L: clear the screen and home the cursor; the caller redraws after.</summary>
    public void ClearScreen() => Write("\u001b[H\u001b[2J");

    /// <summary>Audible/visual bell: completion found nothing (more) to do.</summary>
    public void Bell() => Write("\a");

    /// <summary>Ends the row. CR LF because the row may have been left with the cursor mid-line.</summary>
    public void NewLine() => Write("\r\n");

    public void Write(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        int written = Encoding.UTF8.GetBytes(text, _pending.GetSpan(max));
        _pending.Advance(written);
    }

    /// <summary>Sends everything drawn so far and flushes the stream: called before blocking on input.</summary>
    public void Flush()
    {
        if (_pending.WrittenCount > 0)
        {
            _output.Write(_pending.WrittenSpan);
            _pending.ResetWrittenCount();
        }

        _output.Flush();
    }
}
