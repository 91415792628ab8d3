using System.Runtime.InteropServices;
using DropWatch.Native;
using static DropWatch.Native.Termios;

namespace DropWatch.ReadLine.Terminal;

/// <summary>
/// termios save/restore for the editor. Raw-ish means: no line discipline editing (ICANON), no
/// kernel echo (ECHO), and no signal keys (ISIG) so Ctrl-C reaches us as byte 0x03 and only
/// discards the line instead of killing the process. Output processing (OPOST) stays on so that
/// '\n' written by the rest of the program still starts a new line.
///
/// With ISIG off the terminal sends no SIGTSTP for Ctrl-Z, so <see cref="Suspend"/> does what the
/// terminal would. While raw (or suspended by us) a SIGCONT registration also keeps the .NET
/// runtime from "reinitializing" the terminal on SIGCONT: it would put back the cooked settings it
/// captured at start-up, underneath the editor.
/// </summary>
internal sealed class TermiosTerminalMode : ITerminalMode
{
    private readonly int _fd;
    private readonly Lock _gate = new(); // Restore may come from Dispose on another thread
    private Termios _saved;
    private Termios _raw;
    private bool _isRaw;
    private bool _suspending;                    // between giving the terminal back for Ctrl-Z and entering raw again
    private PosixSignalRegistration? _onContinue; // exists while raw or suspending

    public TermiosTerminalMode(int fd) => _fd = fd;

    public unsafe void EnterRaw()
    {
        lock (_gate)
        {
            if (_isRaw)
            {
                return;
            }

            Termios current;
            if (LibC.TcGetAttr(_fd, &current) != 0)
            {
                throw new IOException($"tcgetattr(fd {_fd}) failed: errno {LibC.LastErrno}");
            }

            Termios raw = current;
            raw.LocalFlags &= ~(ICANON | ECHO | ISIG | IEXTEN); // IEXTEN off: Ctrl-V/Ctrl-O reach us
            raw.InputFlags &= ~(ICRNL | IXON);                  // Enter arrives as CR; Ctrl-S/Q are not flow control
            raw.ControlChars[VMIN] = 1;                         // block until at least one byte
            raw.ControlChars[VTIME] = 0;

            // TCSADRAIN, not TCSAFLUSH: keys typed ahead of the prompt must not be thrown away.
            if (LibC.TcSetAttr(_fd, TCSADRAIN, &raw) != 0)
            {
                throw new IOException($"tcsetattr(fd {_fd}) failed: errno {LibC.LastErrno}");
            }

            _saved = current;
            _raw = raw;
            _isRaw = true;
            _onContinue ??= PosixSignalRegistration.Create(PosixSignal.SIGCONT, OnContinue);
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

            Termios saved = _saved;
            int rc;
            do
            {
                rc = LibC.TcSetAttr(_fd, TCSADRAIN, &saved);
            }
            while (rc != 0 && LibC.LastErrno == Errno.EINTR);

            // Even when it failed (terminal gone) there is nothing more to undo.
            _isRaw = false;
            if (!_suspending)
            {
                _onContinue?.Dispose();
                _onContinue = null;
            }
        }
    }

    public void Suspend()
    {
        lock (_gate)
        {
            _suspending = true;
        }

        try
        {
            Restore();
            // The whole foreground process group, as the terminal's Ctrl-Z: a pipeline stops together.
            // The stop takes effect before kill returns; it returns again after SIGCONT.
            _ = LibC.Kill(0, LibC.SIGTSTP);
        }
        finally
        {
            // Raw again before the flag drops, so a late SIGCONT handler sees one or the other.
            try
            {
                EnterRaw();
            }
            finally
            {
                lock (_gate)
                {
                    _suspending = false;
                }
            }
        }
    }

    // Runs on a thread-pool thread some time after SIGCONT. Cancelling skips the runtime's own
    // terminal reset; the settings we want are raw ones (re-applied here in case the process was
    // stopped by someone else, e.g. kill -STOP, while the editor was raw).
    private unsafe void OnContinue(PosixSignalContext context)
    {
        lock (_gate)
        {
            if (_suspending)
            {
                context.Cancel = true;
                return;
            }

            if (!_isRaw)
            {
                return;
            }

            context.Cancel = true;
            Termios raw = _raw;
            _ = LibC.TcSetAttr(_fd, TCSANOW, &raw);
        }
    }
}
