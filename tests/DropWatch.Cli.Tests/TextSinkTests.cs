using System.Text;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests;

/// <summary>The text sink's packet location line for sources that send no symbol text (the tracepoint).</summary>
public class TextSinkTests
{
    private static string Packet(ISymbolResolver resolver)
    {
        var stdout = new MemoryStream();
        var output = new OutputBuffer(stdout);
        var pipeline = new DropPipeline(resolver, new TextSink(output));
        pipeline.Begin(new SessionStart("tracepoint", AlertMode.Packet, Origins.None, 0, 0), new LossCounters());
        var drop = new DropEvent(DropKind.Packet) { HasPc = true, Pc = 0xffffffff962ac491, HasOrigin = true, Origin = DropOrigin.Software };
        pipeline.OnDrop(drop);
        output.Flush();
        return Encoding.UTF8.GetString(stdout.ToArray());
    }

    [Fact]
    public void WithoutSymbolsTheAddressIsPrintedOnce()
    {
        // -l null: no "drop at: 0x… (0x…)".
        Assert.Equal("drop at: 0xffffffff962ac491\norigin: software\n\n", Packet(NullResolver.Instance));
    }

    [Fact]
    public void WithSymbolsTheKernelsFormIsBuiltFromOurResolution()
    {
        Assert.Equal("drop at: tcp_v4_rcv+0x81 (0xffffffff962ac491)\norigin: software\n\n", Packet(new FixedResolver()));
    }
}
