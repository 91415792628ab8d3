using System.Buffers;
using System.Globalization;
using System.Text;
using DropWatch.ReadLine.Editing;

namespace DropWatch.ReadLine.Rendering;

/// <summary>
/// Draws the prompt and line with a handful of ANSI sequences understood by every terminal
/// emulator in use: CR, cursor up/down/left/right, erase to end of row (ESC[K) or of screen
/// (ESC[J). Each redraw is the whole line, which keeps the code free of incremental-update
/// bookkeeping; output is collected and written in one go to avoid flicker.
///
/// A line longer than the terminal is wide wraps over several rows. A redraw therefore first goes
/// back up to the prompt's first row (CR alone only reaches the start of the cursor's row, and
/// redrawing from there left a copy of the prompt per keystroke), and the cursor is placed by
/// <see cref="ScreenLayout"/> from display widths, not character counts.
/// </summary>
internal sealed class Renderer
{
    private readonly Stream _output;
    private readonly Func<int> _columns;
    private readonly ArrayBufferWriter<byte> _pending = new(256);
    private int _cursorRow;   // the terminal cursor's row, counted from the prompt's first row
    private int _endRow;      // the row the drawn text ends on
    private bool _atFreshRow; // the text filled its last row exactly and the cursor sits alone on the next one
    private int _columnsDrawn; // the width of the last drawing
    private int _cellsBeforeCursor; // where the cursor was then, in cells from the prompt's start

    public Renderer(Stream output, Func<int> columns)
    {
        _output = output;
        _columns = columns;
    }

    /// <summary>A new prompt starts on the row the cursor is on (the caller's output ended with a newline).</summary>
    public void BeginLine()
    {
        _columnsDrawn = 0;
        _cursorRow = 0;
        _endRow = 0;
        _atFreshRow = false;
    }

    public void Redraw(string prompt, LineBuffer line)
    {
        int columns = Math.Max(1, _columns());
        ScreenLayout layout = ScreenLayout.Of(prompt, line, columns);
        bool resized = _columnsDrawn > 0 && columns != _columnsDrawn;
        if (resized)
        {
            // Resized: terminals that reflow (tmux, VTE, kitty, ...) have re-wrapped the drawn line to
            // the new width, so the cursor's row is where its cell offset falls now.
            _cursorRow = _cellsBeforeCursor / columns;
        }

        // The old rows may not have moved the way we think after a resize: clear all below.
        bool wasWrapped = _endRow > 0 || resized;
        Move(up: _cursorRow);
        Write("\r");
        Write(prompt);
        Write(line.Text);
        if (layout.EndsAtRightMargin)
        {
            // The terminal holds the cursor in the last column until the next character; go to the
            // next row now so that the moves below start from where the layout says the end is.
            Write("\r\n");
        }

        // Erase what a longer previous drawing left: the rest of the row, or of the screen once
        // either drawing spans rows (ESC[J also clears rows below).
        Write(wasWrapped || layout.Rows > 1 ? "\u001b[J" : "\u001b[K");

        Move(up: layout.End.Row - layout.Cursor.Row);
        int left = layout.End.Column - layout.Cursor.Column;
        if (left > 0)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"\u001b[{left}D"));
        }
        else if (left < 0)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"\u001b[{-left}C"));
        }

        _cursorRow = layout.Cursor.Row;
        _endRow = layout.End.Row;
        _columnsDrawn = columns;
        _cellsBeforeCursor = layout.Cursor.Row * columns + layout.Cursor.Column;
        _atFreshRow = layout.EndsAtRightMargin && layout.Cursor == layout.End;
    }

    /// <summary>Ctrl-L: clear the screen and home the cursor; the caller redraws after.</summary>
    public void ClearScreen()
    {
        Write("\u001b[H\u001b[2J");
        BeginLine();
    }

    /// <summary>Audible/visual bell: completion found nothing (more) to do.</summary>
    public void Bell() => WriteRaw("\a");

    /// <summary>
    /// Ends the line: below its last row, at column 0. CR LF because the row may have been left
    /// with the cursor mid-line; no LF when the cursor already sits alone on a fresh row.
    /// </summary>
    public void NewLine()
    {
        Move(down: _endRow - _cursorRow);
        Write(_atFreshRow ? "\r" : "\r\n");
        BeginLine();
    }

    /// <summary>Text after the drawn line (^C, a completion list): the cursor is no longer alone on its row.</summary>
    public void Write(string text)
    {
        _atFreshRow = false;
        WriteRaw(text);
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

    private void Move(int up = 0, int down = 0)
    {
        if (up > 0)
        {
            WriteRaw(string.Create(CultureInfo.InvariantCulture, $"\u001b[{up}A"));
        }

        if (down > 0)
        {
            WriteRaw(string.Create(CultureInfo.InvariantCulture, $"\u001b[{down}B"));
        }
    }

    private void WriteRaw(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        int written = Encoding.UTF8.GetBytes(text, _pending.GetSpan(max));
        _pending.Advance(written);
    }
}
