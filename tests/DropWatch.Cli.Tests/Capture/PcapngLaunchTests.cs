using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests.Capture;

/// <summary>--pcapng through the launcher: several sinks at once, and stdout kept for the capture with <c>-</c>.</summary>
public class PcapngLaunchTests
{
    private const string Script = "set alertmode packet\nset alertlimit 2\nstart\nset alertmode summary\nexit\n";

    private static FakeKernel KernelWithTwoPackets()
    {
        var kernel = new FakeKernel();
        kernel.AfterStart = k =>
        {
            k.Multicast(KernelMessages.SoftwarePacketAlert(k.NetDmFamilyId, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x545/0xdd0", 1, ifIndex: 1, payloadLength: 60));
            k.Multicast(KernelMessages.SoftwarePacketAlert(k.NetDmFamilyId, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x545/0xdd0", 2, ifIndex: 1, payloadLength: 70));
        };
        return kernel;
    }

    private static (int Code, byte[] Stdout, string Stderr) Launch(FakeKernel kernel, string pcapng)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, Script);
        using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = Launcher.Run(new LaunchSettings("null", null, null, 1 << 20, PcapngPath: pcapng), stdout, stderr, kernel.Open,
            s => new LauncherTestsEditor(new DropWatch.ReadLine.LineEditor((int)stdin.DangerousGetHandle(), s)));
        return (code, stdout.ToArray(), stderr.ToString());
    }

    private static List<PcapngBlocks.Block> Packets(byte[] file) => PcapngBlocks.Read(file).Where(b => b.Type == 6).ToList();

    [Fact]
    public void TextOnStdoutAndEveryPacketInTheFile()
    {
        string file = Path.GetTempFileName();
        var (code, stdout, stderr) = Launch(KernelWithTwoPackets(), file);
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        string text = Encoding.UTF8.GetString(stdout);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("drop at: __udp4_lib_rcv+0x545/0xdd0", StringComparison.Ordinal)));
        List<PcapngBlocks.Block> packets = Packets(File.ReadAllBytes(file));
        Assert.Equal(2, packets.Count);
        Assert.Equal(new uint[] { 60, 70 }, packets.Select(p => BitConverter.ToUInt32(p.Body, 12)));
    }

    [Fact]
    public void WithADashStdoutCarriesOnlyTheCaptureAndEverythingElseGoesToStderr()
    {
        var (code, stdout, stderr) = Launch(KernelWithTwoPackets(), "-");
        Assert.Equal(0, code);
        Assert.Equal(2, Packets(stdout).Count); // the whole of stdout parses as pcapng
        Assert.Contains("dropwatch> start\nEnabling monitoring...\nKernel monitoring activated.", stderr);
        Assert.Equal(2, stderr.Split('\n').Count(l => l.StartsWith("drop at: __udp4_lib_rcv+0x545/0xdd0", StringComparison.Ordinal)));
    }

    [Fact]
    public void AFileThatCannotBeCreatedIsOneLineAndStatusOne()
    {
        var (code, _, stderr) = Launch(new FakeKernel(), "/nonexistent-dir/x.pcapng");
        Assert.Equal(ExitCode.Failure, code);
        Assert.StartsWith("dropwatch: --pcapng: cannot create /nonexistent-dir/x.pcapng: ", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }
}
