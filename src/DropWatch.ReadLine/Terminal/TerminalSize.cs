using DropWatch.Native;

namespace DropWatch.ReadLine.Terminal;

/// <summary>The terminal's width, asked for at every redraw so a resize needs no SIGWINCH handling.</summary>
internal static class TerminalSize
{
    /// <summary>What to assume when the terminal does not say (a serial line reports 0 columns).</summary>
    public const int DefaultColumns = 80;

    public static int Columns(int fd) =>
        WindowSize.TryGet(fd, out WindowSize size) && size.Columns > 0 ? size.Columns : DefaultColumns;
}
