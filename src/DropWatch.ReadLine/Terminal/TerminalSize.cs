using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace DropWatch.ReadLine.Terminal;

/// <summary>The terminal's width, asked for at every redraw so a resize needs no SIGWINCH handling.</summary>
internal static class TerminalSize
{
    /// <summary>What to assume when the terminal does not say (a serial line reports 0 columns).</summary>
    public const int DefaultColumns = 80;

    public static unsafe int Columns(int fd)
    {
        winsize size;
        return ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : DefaultColumns;
    }
}
