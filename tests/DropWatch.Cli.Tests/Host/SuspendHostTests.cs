using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// Ctrl-Z at the prompt of the real dropwatch process, on a pseudo-terminal, in a process group of
/// its own (as an interactive shell puts a job): the process must stop
/// with the terminal back in its normal mode, and after SIGCONT (the shell's fg) be raw again —
/// and stay raw, although the .NET runtime resets the terminal on SIGCONT — with the line redrawn.
/// </summary>
[Collection("host kernel")]
public sealed partial class SuspendHostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int openpty(out int master, out int slave, nint name, nint termp, nint winp);

    [Fact]
    public unsafe void Ctrl_Z_stops_with_the_terminal_restored_and_fg_resumes_editing()
    {
        Assert.Equal(0, openpty(out int master, out int slave, 0, 0, 0));
        var screen = new StringBuilder();
        var reader = new Thread(() => ReadInto(master, screen)) { IsBackground = true };
        reader.Start();
        Process? shell = null; // perl, then dropwatch itself after exec
        int pid = 0;
        try
        {
            string pts = new FileInfo($"/proc/self/fd/{slave}").LinkTarget!;
            // A process group of its own in our session, as a shell's job: perl's setpgrp, then exec. (bash's
            // set -m is no good here: a non-interactive bash does not leave a stopped job stopped.)
            var info = new ProcessStartInfo("perl") { Environment = { ["DROPWATCH_HISTORY"] = "" } };
            foreach (string arg in new[] { "-e", "setpgrp(0, 0); open(STDIN, '<', $ARGV[0]) and open(STDOUT, '>', $ARGV[0]) " +
                         "and open(STDERR, '>&', STDOUT) or die; shift; exec(@ARGV) or die", pts,
                         "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "dropwatch.dll"), "-l", "null", "--source", "tracepoint" })
                info.ArgumentList.Add(arg);
            shell = Process.Start(info)!;
            pid = shell.Id;

            WaitFor(() => !Canonical(slave), "raw mode at the prompt");
            Type(master, "set al");
            WaitFor(() => Text(screen).Contains("dropwatch> set al"), "the typed text");
            Type(master, "\u001a");

            WaitFor(() => State(pid) == 'T', "the process to stop", () => Text(screen) + "\n" + Signals(pid));
            Assert.True(Canonical(slave), "the terminal must be given back cooked while dropwatch is stopped");
            Assert.Contains("set al\u001b[K^Z", Text(screen)); // ^Z after the text, as the terminal would echo it

            Assert.Equal(0, kill(pid, SIGCONT));
            WaitFor(() => State(pid) != 'T' && !Canonical(slave), "raw mode after SIGCONT");
            Thread.Sleep(500); // the runtime's own SIGCONT handling runs on another thread, later
            Assert.False(Canonical(slave), "something put the terminal back to cooked mode after SIGCONT");

            Type(master, "ertlimit 3\r");
            WaitFor(() => Text(screen).Contains("setting alert capture limit to 3"), "the edited line to run");
            Type(master, "exit\r");
            Assert.True(shell.WaitForExit(15_000), "dropwatch did not exit");
            Assert.Equal(0, shell.ExitCode);
        }
        finally
        {
            if (pid > 0 && State(pid) is not ('?' or 'Z'))
            {
                kill(pid, SIGKILL);
                kill(pid, SIGCONT);
            }

            shell?.WaitForExit(10_000);
            close(slave);
            close(master);
        }
    }

    private static string Text(StringBuilder screen)
    {
        lock (screen)
        {
            return screen.ToString();
        }
    }

    private static void WaitFor(Func<bool> condition, string what, Func<string>? diagnose = null)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{diagnose?.Invoke()}");
            Thread.Sleep(10);
        }
    }

    private static unsafe bool Canonical(int fd)
    {
        termios t;
        Assert.Equal(0, tcgetattr(fd, &t));
        return (t.c_lflag & ICANON) != 0;
    }

    // Signal dispositions and the process group, for a stop that did not happen.
    private static string Signals(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"state {after[0]} ppid {after[1]} pgrp {after[2]} session {after[3]}\n" +
                   string.Join("\n", File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal)));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    // The state letter from /proc/PID/stat (after the parenthesised name): R, S, T (stopped), Z ...
    private static char State(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }

    private static unsafe void Type(int master, string keys)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(keys);
        fixed (byte* p = bytes)
        {
            Assert.Equal(bytes.Length, (int)(long)write(master, p, bytes.Length));
        }
    }

    private static unsafe void ReadInto(int master, StringBuilder screen)
    {
        byte[] buffer = new byte[4096];
        while (true)
        {
            long n;
            fixed (byte* p = buffer)
            {
                n = (long)read(master, p, buffer.Length);
            }

            if (n <= 0)
            {
                if (n < 0 && errno == EINTR)
                {
                    continue;
                }

                return;
            }

            lock (screen)
            {
                screen.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
            }
        }
    }
}
