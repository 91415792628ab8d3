using System.Diagnostics;
using DropWatch.Netlink.Route;
using DropWatch.Netlink.Tests.Route;
using DropWatch.Netlink.Transport;

namespace DropWatch.Netlink.Tests.Host;

/// <summary>
/// The RTM_GETLINK dump against this machine's kernel, checked against <c>ip -o link</c>. With
/// DROPWATCH_CAPTURE_RTNETLINK=DIR it also writes the received datagrams (host-getlink.bin) and the
/// names (host-getlink.txt) there: how tests/fixtures/rtnetlink was made.
/// </summary>
public class RouteHostTests
{
    [Fact]
    public void The_kernels_interface_table_matches_ip_link()
    {
        var recorder = new RecordingTransport(NetlinkSocket.OpenRoute());
        Dictionary<uint, string> names = InterfaceNames.Dump(() => recorder);

        var ip = Process.Start(new ProcessStartInfo("ip", "-o link show") { RedirectStandardOutput = true })!;
        string text = ip.StandardOutput.ReadToEnd();
        ip.WaitForExit();
        // "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 …"; "5: veth0@if4: …" (the peer after '@' is not part of the name).
        var expected = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 3))
            .ToDictionary(p => uint.Parse(p[0]), p => p[1].Split('@')[0]);
        Assert.Equal(expected, names);
        Assert.True(recorder.Received.Count >= 1);

        if (Environment.GetEnvironmentVariable("DROPWATCH_CAPTURE_RTNETLINK") is { Length: > 0 } dir)
        {
            CapturedDump.Write(Path.Combine(dir, "host-getlink.bin"), recorder.Received);
            File.WriteAllLines(Path.Combine(dir, "host-getlink.txt"), names.OrderBy(n => n.Key).Select(n => $"{n.Key} {n.Value}"));
        }
    }

    private sealed class RecordingTransport(INetlinkTransport inner) : INetlinkTransport
    {
        public List<byte[]> Received { get; } = [];
        public uint PortId => inner.PortId;
        public void Send(ReadOnlySpan<byte> message) => inner.Send(message);
        public ReceiveResult Receive(Span<byte> buffer, int timeoutMs)
        {
            ReceiveResult r = inner.Receive(buffer, timeoutMs);
            if (r.Status == ReceiveStatus.Data)
                Received.Add(buffer[..r.Length].ToArray());
            return r;
        }
        public void JoinGroup(uint groupId) => inner.JoinGroup(groupId);
        public void LeaveGroup(uint groupId) => inner.LeaveGroup(groupId);
        public int SetReceiveBufferSize(int bytes) => inner.SetReceiveBufferSize(bytes);
        public long ReadDropCount() => inner.ReadDropCount();
        public void Wake() => inner.Wake();
        public void Dispose() => inner.Dispose();
    }
}
