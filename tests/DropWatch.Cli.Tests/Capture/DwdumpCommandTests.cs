using DropWatch.Cli.Dwdump;
using DropWatch.Cli.Hosting;
using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Generic;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests.Capture;

/// <summary>dwdump against the fake kernel: what it prints, what it sends, what the pcap holds, what it leaves behind.</summary>
public class DwdumpCommandTests
{
    private static (int Code, string Stdout, string Stderr) Run(FakeKernel kernel, DwdumpOptions options)
    {
        var stdoutText = new StringWriter();
        var stderr = new StringWriter();
        int code = DwdumpCommand.Run(options, new MemoryStream(), stdoutText, stderr, kernel.Open);
        return (code, stdoutText.ToString(), stderr.ToString());
    }

    /// <summary>pcap records: (caplen, len, the bytes after the 16-byte cooked header).</summary>
    private static List<(uint CapLen, uint Len, byte[] Datagram)> Records(byte[] file)
    {
        var records = new List<(uint, uint, byte[])>();
        for (int at = 24; at < file.Length;)
        {
            uint cap = BitConverter.ToUInt32(file, at + 8);
            uint len = BitConverter.ToUInt32(file, at + 12);
            records.Add((cap, len, file[(at + 16 + 16)..(at + 16 + (int)cap)]));
            at += 16 + (int)cap;
        }
        return records;
    }

    [Fact]
    public void QueryPrintsDwdumpsLinesWithoutJoiningTheGroup()
    {
        // Joining needs CAP_SYS_ADMIN; CONFIG_GET does not. dwdump joined first and failed.
        var kernel = new FakeKernel { AllowGroupJoin = false };
        var (code, stdout, stderr) = Run(kernel, new DwdumpOptions { Query = true });
        Assert.Equal("", stderr);
        Assert.Equal("Alert mode: summary\nTruncation length: 0\nQueue length: 1000\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void StatsPrintsBothTailCounters()
    {
        var kernel = new FakeKernel { AllowGroupJoin = false, SoftwareTailDropped = 7 };
        var (code, stdout, _) = Run(kernel, new DwdumpOptions { Stats = true });
        Assert.Equal("Software statistics:\nTail dropped: 7\nHardware statistics:\nTail dropped: 0\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void ExitSendsStopAndNothingElse()
    {
        var kernel = new FakeKernel();
        using (var other = DropMonitorClient.Connect(kernel.Open, 1 << 16))
            other.Start(Origins.None);
        var (code, _, _) = Run(kernel, new DwdumpOptions { StopAndExit = true });
        Assert.Equal(0, code);
        Assert.False(kernel.Monitoring);
        Assert.Equal((1, 0), (kernel.StopCount, kernel.ConfigCount));
    }

    [Fact]
    public void HelpGoesToStdoutWithStatusZero()
    {
        var (code, stdout, _) = Run(new FakeKernel(), new DwdumpOptions { Help = true });
        Assert.Equal(DwdumpUsage.Upstream, stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void CaptureWritesTheFamilyDumpThenEveryDatagramAndRestoresTheConfiguration()
    {
        var kernel = new FakeKernel();
        byte[] first = KernelMessages.SoftwarePacketAlert(kernel.NetDmFamilyId, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x545/0xdd0", 1, payloadLength: 60);
        byte[] second = KernelMessages.SoftwarePacketAlert(kernel.NetDmFamilyId, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x545/0xdd0", 2, payloadLength: 100);
        kernel.AfterStart = k =>
        {
            k.Multicast(first);
            k.Multicast(second);
            k.BreakEventSockets(); // ends the capture (a signal would, on a real system)
        };
        string path = Path.GetTempFileName();
        var (code, _, stderr) = Run(kernel, new DwdumpOptions { File = path, Truncation = 100, QueueLength = 10 });

        Assert.Equal(DwdumpCommand.QueryFailed, code); // the broken socket: upstream's perror("recv") status
        Assert.StartsWith("recv: ", stderr);
        Assert.Equal(1, kernel.FamilyDumps);
        Assert.Equal((1, 1), (kernel.StartCount, kernel.StopCount));
        Assert.False(kernel.Monitoring);
        // Packet mode, trunc 100 and queue 10 were set for the capture and put back after it.
        Assert.Equal(2, kernel.ConfigCount);
        Assert.Equal((AlertMode.Summary, 0u, 1000u), (kernel.Mode, kernel.TruncationLength, kernel.QueueLength));

        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(100u + 2048, BitConverter.ToUInt32(file, 16)); // snaplen
        var records = Records(file);
        Assert.Equal(3, records.Count);
        Assert.Equal(Controller.FamilyId, BitConverter.ToUInt16(records[0].Datagram, 4)); // nlmsg_type of the dump reply
        Assert.Equal(first, records[1].Datagram);
        Assert.Equal(second, records[2].Datagram);
        Assert.All(records, r => Assert.Equal(r.CapLen, r.Len));
        Assert.Equal((uint)(16 + second.Length), records[2].Len);
    }

    [Fact]
    public void PassiveCaptureSendsNoConfigStartOrStop()
    {
        var kernel = new FakeKernel();
        using var owner = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        owner.Start(Origins.None);
        int baseline = kernel.Requests.Count;
        byte[] alert = KernelMessages.SummaryAlert(kernel.NetDmFamilyId, (0xffffffff962ac491, 3));
        bool sent = false;
        kernel.ReplyOverride = r =>
        {
            if (!sent && r.Type == kernel.NetDmFamilyId && r.Command == NetDm.CmdStatsGet)
            {
                sent = true;
                kernel.Multicast(alert);
                kernel.BreakEventSockets();
            }
            return null;
        };
        string path = Path.GetTempFileName();
        Run(kernel, new DwdumpOptions { File = path, Passive = true });

        List<byte> commands = PassiveAttachTests.CommandsSent(kernel, baseline);
        Assert.DoesNotContain(NetDm.CmdStart, commands);
        Assert.DoesNotContain(NetDm.CmdStop, commands);
        Assert.DoesNotContain(NetDm.CmdConfig, commands);
        Assert.True(kernel.Monitoring);
        var records = Records(File.ReadAllBytes(path));
        Assert.Equal(alert, records[^1].Datagram);
    }
}
