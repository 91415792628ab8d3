using DropWatch.ReadLine.Editing;
using DropWatch.ReadLine.Input;
using DropWatch.ReadLine.Terminal;

namespace DropWatch.ReadLine;

/// <summary>
/// Reads command lines the way GNU readline does for dropwatch: with emacs-style editing,
/// history and completion when the input is a terminal, and as plain lines echoed after the
/// prompt when it is a pipe or a file.
/// </summary>
/// <remarks>
/// Everything is written to the given output stream, which is flushed before each blocking read.
/// On a terminal, the terminal is in raw mode only while <see cref="ReadLine"/> runs; its settings
/// are restored on return, on exception and on <see cref="Dispose"/>. Ctrl-C while editing does
/// not raise SIGINT: it prints <c>^C</c>, drops the line and prompts again (see <see cref="Interrupted"/>).
/// Not thread-safe, except that <see cref="Dispose"/> may be called from another thread (e.g. a
/// termination signal handler) to give the terminal back.
/// </remarks>
public sealed class LineEditor : IDisposable
{
    private readonly History _history = new();
    private readonly ITerminalMode? _terminalMode;
    private readonly TerminalLineReader? _terminal;
    private readonly NonTerminalLineReader? _nonTerminal;
    private readonly HistoryFile? _historyFile;
    private volatile bool _disposed;

    /// <param name="inputFd">File descriptor to read (0 = stdin). Not closed by this class.</param>
    /// <param name="output">Where prompts and echo go; not disposed by this class.</param>
    /// <param name="completer">
    /// Tab completion: called with the line up to the cursor; returns candidates for the
    /// blank-delimited word before the cursor (those not starting with that word are ignored).
    /// </param>
    /// <param name="historyFile">
    /// Where history is kept between sessions (null: nowhere). Read and written only when the input is a
    /// terminal, so piped scripts neither see nor add to it.
    /// </param>
    public LineEditor(int inputFd, Stream output, Func<string, IReadOnlyList<string>>? completer = null, string? historyFile = null)
        : this(new FdInputSource(inputFd), output, TerminalDetector.IsTerminal(inputFd), inputFd, completer, historyFile)
    {
    }

    private LineEditor(IInputSource input, Stream output, bool isTerminal, int fd, Func<string, IReadOnlyList<string>>? completer, string? historyFile)
        : this(input, output, isTerminal, isTerminal ? new TermiosTerminalMode(fd) : null, completer, () => TerminalSize.Columns(fd), historyFile)
    {
    }

    /// <summary>
    /// Test seam: any byte source, any way of switching the terminal mode, and any terminal width
    /// (by default one wide enough that nothing wraps).
    /// </summary>
    internal LineEditor(IInputSource input, Stream output, bool isTerminal, ITerminalMode? terminalMode,
        Func<string, IReadOnlyList<string>>? completer = null, Func<int>? columns = null, string? historyFile = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        IsTerminal = isTerminal;
        if (isTerminal)
        {
            _terminalMode = terminalMode ?? throw new ArgumentNullException(nameof(terminalMode), "a terminal needs a terminal mode");
            _terminal = new TerminalLineReader(input, _terminalMode, output, columns ?? (() => 10_000), _history, new TabCompleter(completer));
            _terminal.Interrupted += (_, e) => Interrupted?.Invoke(this, e);
            if (!string.IsNullOrEmpty(historyFile))
            {
                _historyFile = new HistoryFile(historyFile, _history.Capacity);
                foreach (string entry in _historyFile.Load())
                {
                    _history.Add(entry);
                }
            }
        }
        else
        {
            _nonTerminal = new NonTerminalLineReader(input, output);
        }
    }

    /// <summary>A line editor on standard input (fd 0).</summary>
    public static LineEditor ForConsole(Stream output, Func<string, IReadOnlyList<string>>? completer = null, string? historyFile = null)
        => new(0, output, completer, historyFile);

    /// <summary>True when the input fd is a terminal (isatty): editing, history and completion are on.</summary>
    public bool IsTerminal { get; }

    /// <summary>Accepted non-empty lines, oldest first, without consecutive duplicates.</summary>
    public IReadOnlyList<string> History => _history.Entries;

    /// <summary>
    /// Raised on the ReadLine thread when Ctrl-C discarded the line being edited (terminal only),
    /// after <c>^C</c> was printed and before the prompt is shown again. The terminal is still in
    /// raw mode then: a handler should record the event, not print.
    /// </summary>
    public event EventHandler? Interrupted;

    /// <summary>
    /// Shows <paramref name="prompt"/> and reads one line, without its line terminator.
    /// Returns null at end of input (Ctrl-D on an empty line, closed pipe, end of file).
    /// </summary>
    public string? ReadLine(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ObjectDisposedException.ThrowIf(_disposed, this);

        string? line = _terminal is not null ? _terminal.ReadLine(prompt) : _nonTerminal!.ReadLine(prompt);
        if (line is not null && _history.Add(line))
        {
            _historyFile?.Append(line, _history.Entries);
        }

        return line;
    }

    /// <summary>Restores the terminal if a ReadLine left it raw. Neither the fd nor the stream is closed.</summary>
    public void Dispose()
    {
        _disposed = true;
        _terminalMode?.Restore();
    }
}
