using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using static Tmds.Linux.LibC;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// <c>dropwatch --top</c> on a real pseudo-terminal with the tracepoint source: it draws on the alternate
/// screen, redraws with the drops that arrive, takes its keys, and gives the terminal back exactly as it
/// found it (<c>stty -g</c> before and after) when it ends by q and by SIGTERM.
/// </summary>
[Collection("host kernel")]
public sealed partial class LiveTopHostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int openpty(out int master, out int slave, nint name, nint termp, nint winp);

    private sealed class Top : IDisposable
    {
        private readonly int _master;
        private readonly int _slave;
        private readonly StringBuilder _screen = new();
        public Process Process { get; }
        public string Pts { get; }
        public string SttyBefore { get; }

        /// <param name="options">After <c>-l kas --source tracepoint</c>.</param>
        public unsafe Top(params string[] options)
        {
            if (options.Length == 0)
                options = ["--top"];
            // 120 columns, so a frame's rows show their locations whole.
            var size = new Tmds.Linux.winsize { ws_row = 40, ws_col = 120 };
            Assert.Equal(0, openpty(out _master, out _slave, 0, 0, (nint)(&size)));
            Pts = new FileInfo($"/proc/self/fd/{_slave}").LinkTarget!;
            SttyBefore = Stty(Pts);
            new Thread(() => ReadInto(_master, _screen)) { IsBackground = true }.Start();
            var info = new ProcessStartInfo("perl") { Environment = { ["DROPWATCH_HISTORY"] = "" } };
            foreach (string arg in new string[] { "-e", "setpgrp(0, 0); open(STDIN, '<', $ARGV[0]) and open(STDOUT, '>', $ARGV[0]) " +
                         "and open(STDERR, '>&', STDOUT) or die; shift; exec(@ARGV) or die", Pts,
                         "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "dropwatch.dll"), "-l", "kas", "--source", "tracepoint" }.Concat(options))
                info.ArgumentList.Add(arg);
            Process = Process.Start(info)!;
        }

        public string Screen
        {
            get { lock (_screen) return _screen.ToString(); }
        }

        public void WaitFor(Func<string, bool> condition, string what)
        {
            DateTime deadline = DateTime.UtcNow + Timeout;
            while (!condition(Screen))
            {
                Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{Screen}");
                Thread.Sleep(20);
            }
        }

        public unsafe void Type(string keys)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(keys);
            fixed (byte* p = bytes)
                Assert.Equal(bytes.Length, (int)(long)write(_master, p, bytes.Length));
        }

        public void Dispose()
        {
            if (!Process.HasExited)
                Process.Kill();
            Process.WaitForExit(10_000);
            close(_slave);
            close(_master);
        }
    }

    private static string Stty(string pts)
    {
        var info = new ProcessStartInfo("stty", ["-g", "-F", pts]) { RedirectStandardOutput = true };
        using Process p = Process.Start(info)!;
        string settings = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return settings;
    }

    [Fact]
    public void DrawsUpdatesSortsAndQuitsOnQWithTheTerminalAsItWas()
    {
        using var top = new Top();
        top.WaitFor(s => s.Contains("dropwatch top:") && s.Contains("sort: count"), "the first frame");
        Assert.Contains("\u001b[?1049h", top.Screen); // the alternate screen
        Assert.NotEqual(top.SttyBefore, Stty(top.Pts)); // raw while the view runs

        int port = UdpDrops.ClosedPort();
        UdpDrops.Send(port, 250);
        // A later frame shows the drops at the UDP receive function (the tracepoint's 1 s window closes first).
        top.WaitFor(s => Regex.Matches(s, @"\r\n\s*(\d+)\s[^\r]*udp").Any(m => long.Parse(m.Groups[1].Value) >= 250),
            "a frame with the 250 UDP drops");

        top.Type("s");
        top.WaitFor(s => s.Contains("sort: rate"), "the sort to change");
        top.Type("p");
        top.WaitFor(s => s.Contains("PAUSED"), "pause");
        top.Type("q");
        Assert.True(top.Process.WaitForExit(15_000), "dropwatch did not exit on q");
        Assert.Equal(0, top.Process.ExitCode);
        top.WaitFor(s => s.Contains("\u001b[?1049l"), "the main screen back");
        Assert.Contains("\u001b[?25h", top.Screen); // the cursor back
        string after = top.Screen[top.Screen.LastIndexOf("\u001b[?1049l", StringComparison.Ordinal)..];
        Assert.Contains("Drops by location and reason (tracepoint skb:kfree_skb, summary mode", after); // the final table on the main screen
        Assert.Equal(top.SttyBefore, Stty(top.Pts));
    }

    [Fact]
    public void AOneShotStartRunsUnderTheViewWithTheProcessColumnAndQuitsOnQ()
    {
        using var top = new Top("--start", "--mode", "packet", "--duration", "60s", "--top", "--table-process");
        top.WaitFor(s => s.Contains("dropwatch top:") && s.Contains("PROCESS"), "the first frame, with the process column");
        Assert.NotEqual(top.SttyBefore, Stty(top.Pts));

        int pid = Environment.ProcessId;
        string comm = File.ReadAllText("/proc/self/comm").TrimEnd('\n');
        UdpDrops.Send(UdpDrops.ClosedPort(), 100);
        top.WaitFor(s => s.Contains($"{comm}[{pid}]"), "a frame with this process's drops");

        top.Type("q");
        Assert.True(top.Process.WaitForExit(15_000), "dropwatch did not exit on q");
        Assert.Equal(0, top.Process.ExitCode); // q ends a one-shot run as SIGINT does: as asked
        top.WaitFor(s => s.Contains("\u001b[?1049l"), "the main screen back");
        string after = top.Screen[top.Screen.LastIndexOf("\u001b[?1049l", StringComparison.Ordinal)..];
        Assert.Contains("Drops by location, reason and process (tracepoint skb:kfree_skb, packet mode", after);
        Assert.Contains($"{comm}[{pid}]", after);
        Assert.Equal(top.SttyBefore, Stty(top.Pts));
    }

    [Fact]
    public void SigtermRestoresTheTerminalToo()
    {
        using var top = new Top();
        top.WaitFor(s => s.Contains("dropwatch top:"), "the first frame");
        Assert.Equal(0, kill(top.Process.Id, SIGTERM));
        Assert.True(top.Process.WaitForExit(15_000), "dropwatch did not exit on SIGTERM");
        Assert.Equal(128 + SIGTERM, top.Process.ExitCode);
        top.WaitFor(s => s.Contains("\u001b[?1049l"), "the main screen back");
        Assert.Equal(top.SttyBefore, Stty(top.Pts));
    }

    private static unsafe void ReadInto(int master, StringBuilder screen)
    {
        byte[] buffer = new byte[4096];
        while (true)
        {
            long n;
            fixed (byte* p = buffer)
                n = (long)read(master, p, buffer.Length);
            if (n <= 0)
            {
                if (n < 0 && errno == EINTR)
                    continue;
                return;
            }
            lock (screen)
                screen.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
        }
    }
}
