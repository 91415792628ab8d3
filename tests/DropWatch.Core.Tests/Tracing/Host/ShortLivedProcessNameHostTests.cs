using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>
/// A process that lives for a few milliseconds — exec'd under a name of its own, it sends UDP
/// datagrams to a closed loopback port of ours and exits — is named in its drops although its
/// /proc entry is gone before the rings are read: the name comes from the kernel's COMM record.
/// </summary>
[Collection(HostKernelCollection.Name)]
public class ShortLivedProcessNameHostTests
{
    private sealed class ByPid(int port) : IDropEventSink
    {
        public readonly List<(int Pid, string Comm)> Drops = [];
        public int Port { get; } = port;

        public void OnDrop(in DropEvent drop)
        {
            if (drop.HasProcess)
                Drops.Add((drop.Pid, Encoding.ASCII.GetString(drop.Comm)));
        }

        public void OnSummaryTableFull()
        {
        }
    }

    private static int ClosedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [Fact]
    public void A_process_that_exited_before_the_drain_is_named_by_its_exec()
    {
        // A copy of bash under a name no other process has (comm is the executable's name, 15 bytes at most).
        string name = $"dwshort{Environment.ProcessId % 100000}";
        string dir = Directory.CreateTempSubdirectory("dwshort").FullName;
        string program = Path.Combine(dir, name);
        File.Copy("/bin/bash", program);
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        int port = ClosedPort();
        var sink = new ByPid(port);
        using var source = TracepointDropSource.Open(new TracepointOptions());
        try
        {
            source.SetAlertMode(AlertMode.Packet);
            source.BeginSession();
            source.Start(Origins.Software);
            // bash's /dev/udp: one socket and one datagram per redirection, then exit at once.
            using Process child = Process.Start(program, ["-c", $"for i in 1 2 3 4 5 6 7 8 9 10; do echo x > /dev/udp/127.0.0.1/{port}; done"])!;
            int pid = child.Id;
            Assert.True(child.WaitForExit(10_000));
            Assert.Equal(0, child.ExitCode);
            Assert.False(File.Exists($"/proc/{pid}/comm"), "the process should be gone before the drain");
            // Only now are the rings read: /proc can no longer say who it was.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (!sink.Drops.Any(d => d.Pid == pid) && DateTime.UtcNow < deadline)
                source.ReceiveAlerts(sink, 100);
            source.Stop(Origins.Software);
            source.ReceiveAlerts(sink, 0);
            source.EndSession();

            var ours = sink.Drops.Where(d => d.Pid == pid).ToList();
            Assert.NotEmpty(ours); // at least one datagram was freed in the sender's own context
            Assert.All(ours, d => Assert.Equal(name, d.Comm));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
