using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests.Capture;

/// <summary>A passive session listens to another client's monitor and never asks the kernel to change anything.</summary>
public class PassiveAttachTests
{
    /// <summary>The NET_DM commands in the requests sent after <paramref name="from"/>.</summary>
    internal static List<byte> CommandsSent(FakeKernel kernel, int from)
    {
        var commands = new List<byte>();
        foreach (byte[] request in kernel.Requests.Skip(from))
        {
            var reader = new MessageReader(request);
            while (reader.TryRead(out NetlinkMessage m))
                if (m.Type == kernel.NetDmFamilyId)
                    commands.Add(m.Payload[0]);
        }
        return commands;
    }

    /// <summary>Alerts the owner's monitor sends once our session is under way (at its loss baseline request).</summary>
    internal static void SendAlertsWhenListening(FakeKernel kernel, params byte[][] alerts)
    {
        bool sent = false;
        kernel.ReplyOverride = r =>
        {
            if (!sent && r.Type == kernel.NetDmFamilyId && r.Command == NetDm.CmdStatsGet)
            {
                sent = true;
                foreach (byte[] a in alerts)
                    kernel.Multicast(a);
            }
            return null;
        };
    }

    private static (int Code, string Stdout, string Stderr) Launch(FakeKernel kernel, string script, bool passive)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, script);
        using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
        var output = new MemoryStream();
        var stderr = new StringWriter();
        int code = Launcher.Run(new LaunchSettings("null", null, null, 1 << 20, Passive: passive), output, stderr, kernel.Open,
            s => new LauncherTestsEditor(new DropWatch.ReadLine.LineEditor((int)stdin.DangerousGetHandle(), s)));
        return (code, Encoding.UTF8.GetString(output.ToArray()), stderr.ToString());
    }

    private static (FakeKernel Kernel, DropMonitorClient Owner, int Baseline) OwnedMonitor()
    {
        var kernel = new FakeKernel();
        var owner = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        owner.Start(Origins.None);
        return (kernel, owner, kernel.Requests.Count);
    }

    private static byte[][] TwoSummaries(FakeKernel k) =>
    [
        KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 93)),
        KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff81000010, 2)),
    ];

    [Theory]
    [InlineData(true, "set alertlimit 2\nstart\nexit\n")]
    [InlineData(false, "set alertlimit 2\nstart passive\nexit\n")]
    public void PassiveSessionSeesTheOwnersAlertsAndSendsNoStartStopOrConfig(bool flag, string script)
    {
        var (kernel, owner, baseline) = OwnedMonitor();
        using (owner)
        {
            SendAlertsWhenListening(kernel, TwoSummaries(kernel));
            var (code, stdout, stderr) = Launch(kernel, script, flag);

            Assert.Equal("", stderr);
            Assert.Equal(0, code);
            Assert.Contains("Attaching to the kernel's drop monitor (passive: nothing is started or stopped)...\n" +
                            "Listening for alerts while another client monitors.\nIssue Ctrl-C to stop listening\n" +
                            "93 drops at location 0xffffffff962ac491 [software]\n2 drops at location 0xffffffff81000010 [software]\n" +
                            "Alert limit reached, deactivating!\nDeactivation requested, turning off monitoring\n" +
                            "Stopped listening (the kernel's monitor was left as it was)\n", stdout);
            List<byte> sent = CommandsSent(kernel, baseline);
            Assert.DoesNotContain(NetDm.CmdStart, sent);
            Assert.DoesNotContain(NetDm.CmdStop, sent);
            Assert.DoesNotContain(NetDm.CmdConfig, sent);
            Assert.True(kernel.Monitoring);
            Assert.Equal((1, 0, 0), (kernel.StartCount, kernel.StopCount, kernel.ConfigCount));

            // The owner saw the same two alerts.
            var seen = new CountingSink();
            while (owner.ReceiveAlerts(seen, 0) == ReceiveStatus.Data) { }
            Assert.Equal(2, seen.Drops);
        }
    }

    [Fact]
    public void WithPassiveTheCommandsThatWouldChangeTheMonitorAreRefused()
    {
        var (kernel, owner, baseline) = OwnedMonitor();
        using (owner)
        {
            var (code, _, stderr) = Launch(kernel, "stop\nset alertmode packet\nset trunc 10\nset queue 5\nexit\n", passive: true);
            Assert.Equal(4, stderr.Split('\n').Count(l => l.StartsWith("dropwatch: --passive: this would change the kernel's drop monitor", StringComparison.Ordinal)));
            Assert.Equal(ExitCode.Failure, code);
            Assert.DoesNotContain(CommandsSent(kernel, baseline), c => c is NetDm.CmdStart or NetDm.CmdStop or NetDm.CmdConfig);
            Assert.True(kernel.Monitoring);
        }
    }

    [Fact]
    public void StartRefusedBecauseAnotherClientMonitorsOffersPassive()
    {
        var (kernel, owner, _) = OwnedMonitor();
        using (owner)
        {
            var (_, _, stderr) = Launch(kernel, "start\nexit\n", passive: false);
            Assert.Contains("type 'start passive' (or run with --passive)", stderr);
        }
    }

    [Fact]
    public void APassiveSessionReportsTheOwnersModeNotOurs()
    {
        // The owner runs packet mode; this dropwatch never set a mode. A pcapng sink must not be told "summary".
        var (kernel, owner, _) = OwnedMonitor();
        using (owner)
        {
            owner.Stop(Origins.None);
            owner.Configure(AlertMode.Packet);
            owner.Start(Origins.None);
            SendAlertsWhenListening(kernel,
                KernelMessages.SoftwarePacketAlert(kernel.NetDmFamilyId, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x545/0xdd0", 1));
            string file = Path.GetTempFileName();
            string path = Path.GetTempFileName();
            File.WriteAllText(path, "set alertlimit 1\nstart\nexit\n");
            using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
            var stderr = new StringWriter();
            int code = Launcher.Run(new LaunchSettings("null", null, null, 1 << 20, PcapngPath: file, Passive: true), new MemoryStream(), stderr,
                kernel.Open, s => new LauncherTestsEditor(new DropWatch.ReadLine.LineEditor((int)stdin.DangerousGetHandle(), s)));
            Assert.Equal("", stderr.ToString());
            Assert.Equal(0, code);
            Assert.Single(PcapngBlocks.Read(File.ReadAllBytes(file)), b => b.Type == 6);
        }
    }

    internal sealed class CountingSink : IDropEventSink
    {
        public int Drops { get; private set; }
        public void OnDrop(in DropEvent drop) => Drops++;
        public void OnSummaryTableFull() { }
    }
}
