using DropWatch.Native;

namespace DropWatch.Cli.Table;

/// <summary>
/// The live view's input and clock: a thread that polls the terminal for keys (q or Ctrl-C quit, s sort,
/// p pause) and wakes the monitoring thread once a second so it redraws. It only sets flags and wakes;
/// the monitoring thread does all drawing, so the table needs no lock.
/// </summary>
internal sealed unsafe class TopKeys : IDisposable
{
    private readonly int _inputFd;
    private readonly Action _wake;
    private readonly Action _quit;
    private readonly Thread _thread;
    private volatile bool _done;
    private int _sortPresses;
    private int _pausePresses;

    /// <param name="inputFd">The terminal to read keys from, or -1 for none (not a terminal: only the clock).</param>
    public TopKeys(int inputFd, Action wake, Action quit)
    {
        _inputFd = inputFd;
        _wake = wake;
        _quit = quit;
        _thread = new Thread(Run) { IsBackground = true, Name = "dropwatch top keys" };
        _thread.Start();
    }

    /// <summary>'s' presses since the last call.</summary>
    public int TakeSortPresses() => Interlocked.Exchange(ref _sortPresses, 0);

    public int TakePausePresses() => Interlocked.Exchange(ref _pausePresses, 0);

    private void Run()
    {
        long nextTick = Environment.TickCount64 + 1000;
        byte* buffer = stackalloc byte[16];
        while (!_done)
        {
            int wait = (int)Math.Clamp(nextTick - Environment.TickCount64, 0, 1000);
            bool readable = false;
            if (_inputFd >= 0)
            {
                var poll = new LibC.PollFd { Fd = _inputFd, Events = LibC.POLLIN };
                readable = LibC.Poll(&poll, 1, Math.Min(wait, 100)) > 0 && (poll.Revents & LibC.POLLIN) != 0;
            }
            else
                Thread.Sleep(Math.Min(wait, 100));
            if (readable)
            {
                nint n = LibC.Read(_inputFd, buffer, 16);
                for (int i = 0; i < n; i++)
                    Key(buffer[i]);
                if (n <= 0)
                    _quit(); // the terminal went away
                _wake();
            }
            if (Environment.TickCount64 >= nextTick)
            {
                nextTick = Environment.TickCount64 + 1000;
                _wake();
            }
        }
    }

    private void Key(byte key)
    {
        switch (key)
        {
            case (byte)'q' or (byte)'Q' or 3: // 3: Ctrl-C, a byte while the terminal is raw
                _quit();
                break;
            case (byte)'s' or (byte)'S':
                Interlocked.Increment(ref _sortPresses);
                break;
            case (byte)'p' or (byte)'P' or (byte)' ':
                Interlocked.Increment(ref _pausePresses);
                break;
        }
    }

    public void Dispose()
    {
        _done = true;
        _thread.Join();
    }
}
