using DropWatch.ReadLine.Editing;
using DropWatch.ReadLine.Input;
using DropWatch.ReadLine.Keys;
using DropWatch.ReadLine.Rendering;
using DropWatch.ReadLine.Terminal;

namespace DropWatch.ReadLine;

/// <summary>
/// Interactive line editing on a terminal: raw mode for the duration of one ReadLine, keys in,
/// edits applied to a <see cref="LineBuffer"/>, the row redrawn before waiting for more input.
/// </summary>
internal sealed class TerminalLineReader
{
    private readonly IInputSource _input;
    private readonly ITerminalMode _mode;
    private readonly Renderer _renderer;
    private readonly History _history;
    private readonly TabCompleter _completer;
    private readonly KeyDecoder _decoder = new(); // outlives one ReadLine: holds type-ahead
    private readonly byte[] _readBuffer = new byte[256];
    private ReverseSearch? _search; // Ctrl-R in progress
    private string _lastSearch = string.Empty;

    public TerminalLineReader(IInputSource input, ITerminalMode mode, Stream output, Func<int> columns, History history, TabCompleter completer)
    {
        _input = input;
        _mode = mode;
        _renderer = new Renderer(output, columns);
        _history = history;
        _completer = completer;
    }

    /// <summary>Raised after Ctrl-C discarded the line, before the prompt is shown again.</summary>
    public event EventHandler? Interrupted;

    public string? ReadLine(string prompt)
    {
        _mode.EnterRaw();
        try
        {
            return Edit(prompt);
        }
        finally
        {
            // Whatever happens (Enter, EOF, an exception from the completer or the stream), the
            // caller gets its terminal back.
            _mode.Restore();
        }
    }

    private string? Edit(string prompt)
    {
        var line = new LineBuffer();
        _history.ResetNavigation();
        _renderer.BeginLine();
        _search = null;
        bool previousWasTab = false;
        bool dirty = true;

        while (true)
        {
            if (!_decoder.TryDequeue(out KeyEvent key))
            {
                // Only redraw when no decoded key is waiting, so a paste costs one redraw.
                if (dirty)
                {
                    _renderer.Redraw(_search?.Prompt ?? prompt, line);
                    dirty = false;
                }

                _renderer.Flush();
                int n = _input.Read(_readBuffer);
                if (n == 0)
                {
                    // The terminal went away (hang-up): hand over what was typed, then EOF.
                    _renderer.NewLine();
                    _renderer.Flush();
                    return line.IsEmpty ? null : line.Text;
                }

                _decoder.Feed(_readBuffer.AsSpan(0, n));
                continue;
            }

            if (_search is not null)
            {
                if (Search(key, line))
                {
                    dirty = true;
                    previousWasTab = false;
                    continue;
                }

                // Any other key ends the search with the match in the line, then does its usual job.
                _search = null;
                dirty = true;
            }

            bool isTab = key.Key == Key.Tab;
            switch (key.Key)
            {
                case Key.Character:
                    line.Insert(key.Rune);
                    dirty = true;
                    break;
                case Key.Enter:
                    // Cursor to the end first, so the newline goes below the whole line.
                    line.MoveEnd();
                    _renderer.Redraw(prompt, line);
                    _renderer.NewLine();
                    _renderer.Flush();
                    return line.Text;
                case Key.Tab:
                    dirty |= Complete(prompt, line, previousWasTab);
                    break;
                case Key.Backspace:
                    dirty |= line.DeleteBackward();
                    break;
                case Key.Delete:
                    dirty |= line.DeleteForward();
                    break;
                case Key.Left:
                    dirty |= line.MoveLeft();
                    break;
                case Key.Right:
                    dirty |= line.MoveRight();
                    break;
                case Key.Home:
                    dirty |= line.MoveHome();
                    break;
                case Key.End:
                    dirty |= line.MoveEnd();
                    break;
                case Key.WordLeft:
                    dirty |= line.MoveWordLeft();
                    break;
                case Key.WordRight:
                    dirty |= line.MoveWordRight();
                    break;
                case Key.Up:
                    dirty |= Recall(line, previous: true);
                    break;
                case Key.Down:
                    dirty |= Recall(line, previous: false);
                    break;
                case Key.Control:
                    switch (key.ControlLetter)
                    {
                        case 'D' when line.IsEmpty:
                            // EOF, as readline: end the row and report end of input.
                            _renderer.NewLine();
                            _renderer.Flush();
                            return null;
                        case 'C':
                            Interrupt(prompt, line);
                            dirty = true;
                            break;
                        case 'R':
                            _search = new ReverseSearch(_history.Entries, line.Text, line.Cursor, _lastSearch);
                            dirty = true;
                            break;
                        case 'Z':
                            Suspend(prompt, line);
                            dirty = true;
                            break;
                        default:
                            dirty |= ApplyControl(key.ControlLetter, line);
                            break;
                    }

                    break;
            }

            previousWasTab = isTab;
        }
    }

    /// <summary>
    /// A key while Ctrl-R searches: returns false for keys that end the search (Enter, arrows, most
    /// control keys), which the caller then handles as usual, as readline does.
    /// </summary>
    private bool Search(KeyEvent key, LineBuffer line)
    {
        ReverseSearch search = _search!;
        switch (key.Key)
        {
            case Key.Character:
                search.Append(key.Rune.ToString());
                break;
            case Key.Backspace:
                if (!search.RemoveLast())
                {
                    _renderer.Bell();
                }

                break;
            case Key.Control when key.ControlLetter == 'R':
                search.Older();
                break;
            case Key.Control when key.ControlLetter == 'G':
                // Abort: the line as it was before Ctrl-R.
                line.SetText(search.OriginalText, search.OriginalCursor);
                _search = null;
                return true;
            default:
                _lastSearch = search.LastQuery;
                return false;
        }

        _lastSearch = search.LastQuery;
        if (search.Failed)
        {
            _renderer.Bell();
        }
        else if (search.Match is { } match)
        {
            line.SetText(match, match[..search.MatchStart].EnumerateRunes().Count());
        }

        return true;
    }

    private bool ApplyControl(char letter, LineBuffer line)
    {
        switch (letter)
        {
            case 'A': return line.MoveHome();
            case 'E': return line.MoveEnd();
            case 'B': return line.MoveLeft();
            case 'F': return line.MoveRight();
            case 'D': return line.DeleteForward();
            case 'K': return line.KillToEnd();
            case 'U': return line.KillToStart();
            case 'W': return line.KillWordBackward();
            case 'Y': return line.Yank();
            case 'P': return Recall(line, previous: true);
            case 'N': return Recall(line, previous: false);
            case 'L':
                _renderer.ClearScreen();
                return true;
            default:
                // Unbound control keys (Ctrl-S, Ctrl-T, ...) are ignored rather than inserted.
                return false;
        }
    }

    /// <summary>
    /// Ctrl-Z as readline: ^Z after the text, the terminal given back and the process stopped; after
    /// fg the prompt and the line, unchanged, are drawn again on the row the shell left us on.
    /// </summary>
    private void Suspend(string prompt, LineBuffer line)
    {
        int cursor = line.Cursor;
        line.MoveEnd();
        _renderer.Redraw(prompt, line); // so ^Z lands after the text, not over it
        _renderer.Write("^Z");
        _renderer.Flush();
        line.SetText(line.Text, cursor);
        _mode.Suspend();
        _renderer.BeginLine();
    }

    /// <summary>Ctrl-C as in bash: show ^C, drop the line, start over on a fresh row.</summary>
    private void Interrupt(string prompt, LineBuffer line)
    {
        line.MoveEnd();
        _renderer.Redraw(prompt, line); // so ^C lands after the text, not over it
        _renderer.Write("^C");
        _renderer.NewLine();
        line.Clear();
        _history.ResetNavigation();
        Interrupted?.Invoke(this, EventArgs.Empty);
    }

    private bool Recall(LineBuffer line, bool previous)
    {
        bool moved;
        string entry;
        if (previous)
        {
            moved = _history.TryPrevious(line.Text, out entry);
        }
        else
        {
            moved = _history.TryNext(out entry);
        }

        if (moved)
        {
            line.SetText(entry);
        }

        return moved;
    }

    private bool Complete(string prompt, LineBuffer line, bool previousWasTab)
    {
        CompletionResult result = _completer.Complete(line);
        switch (result.Outcome)
        {
            case CompletionOutcome.Completed:
            case CompletionOutcome.Extended:
                return true;
            case CompletionOutcome.NoMatch:
                _renderer.Bell();
                return false;
            case CompletionOutcome.Ambiguous when previousWasTab:
                // Second Tab in a row: list the choices below and draw the prompt again.
                _renderer.Redraw(prompt, line);
                _renderer.NewLine();
                _renderer.Write(string.Join("  ", result.Candidates));
                _renderer.NewLine();
                return true;
            case CompletionOutcome.Ambiguous:
                _renderer.Bell();
                return false;
            default:
                return false;
        }
    }
}
