using DropWatch.Native;

namespace DropWatch.ReadLine.Terminal;

/// <summary>
/// The line editor's raw mode for other full-screen users (the live drop view): keys arrive one by one,
/// unechoed, Ctrl-C as a byte. Dispose gives the terminal back exactly as it was found; the same
/// termios code as the editor's, so there is one place that knows how.
/// </summary>
public sealed class RawTerminal : IDisposable
{
    private readonly TermiosTerminalMode _mode;

    public RawTerminal(int fd)
    {
        _mode = new TermiosTerminalMode(fd);
        _mode.EnterRaw();
    }

    public static bool IsTerminal(int fd) => TerminalDetector.IsTerminal(fd);

    /// <summary>Rows and columns of the terminal on <paramref name="fd"/> (24 × 80 when it does not say).</summary>
    public static (int Rows, int Columns) Size(int fd)
    {
        if (WindowSize.TryGet(fd, out WindowSize size) && size.Rows > 0 && size.Columns > 0)
            return (size.Rows, size.Columns);
        return (24, TerminalSize.DefaultColumns);
    }

    public void Dispose() => _mode.Restore();
}
