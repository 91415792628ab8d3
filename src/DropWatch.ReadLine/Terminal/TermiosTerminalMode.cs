using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace DropWatch.ReadLine.Terminal;

/// <summary>
/// termios save/restore for the editor. Raw-ish means: no line discipline editing (ICANON), no
/// kernel echo (ECHO), and no signal keys (ISIG) so Ctrl-C reaches us as byte 0x03 and only
/// discards the line instead of killing the process. Output processing (OPOST) stays on so that
/// '\n' written by the rest of the program still starts a new line.
/// </summary>
internal sealed class TermiosTerminalMode : ITerminalMode
{
    private readonly int _fd;
    private readonly Lock _gate = new(); // Restore may come from Dispose on another thread
    private termios _saved;
    private bool _isRaw;

    public TermiosTerminalMode(int fd) => _fd = fd;

    public unsafe void EnterRaw()
    {
        lock (_gate)
        {
            if (_isRaw)
            {
                return;
            }

            termios current;
            if (tcgetattr(_fd, &current) != 0)
            {
                throw new IOException($"tcgetattr(fd {_fd}) failed: errno {errno}");
            }

            termios raw = current;
            raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN); // IEXTEN off: Ctrl-V/Ctrl-O reach us
            raw.c_iflag &= ~(ICRNL | IXON);                  // Enter arrives as CR; Ctrl-S/Q are not flow control
            raw.c_cc[VMIN] = 1;                              // block until at least one byte
            raw.c_cc[VTIME] = 0;

            // TCSADRAIN, not TCSAFLUSH: keys typed ahead of the prompt must not be thrown away.
            if (tcsetattr(_fd, (int)TCSADRAIN, &raw) != 0)
            {
                throw new IOException($"tcsetattr(fd {_fd}) failed: errno {errno}");
            }

            _saved = current;
            _isRaw = true;
        }
    }

    public unsafe void Restore()
    {
        lock (_gate)
        {
            if (!_isRaw)
            {
                return;
            }

            termios saved = _saved;
            int rc;
            do
            {
                rc = tcsetattr(_fd, (int)TCSADRAIN, &saved);
            }
            while (rc != 0 && errno == EINTR);

            // Even when it failed (terminal gone) there is nothing more to undo.
            _isRaw = false;
        }
    }
}
