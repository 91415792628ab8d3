using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Output;

/// <summary>
/// Upstream dropwatch 1.5's exact text: one summary line per location or trap, one block per packet.
/// Session lines ("Kernel monitoring activated." …) belong to the REPL, not to this sink.
/// </summary>
public sealed class TextSink(OutputBuffer output, WhoAndHowLines? whoAndHow = null) : IDropSink
{
    private readonly PacketFormatter _packets = new(output) { WhoAndHow = whoAndHow };

    public void OnSessionStarted(in SessionStart start)
    {
    }

    public void OnSessionEnded(in SessionEnd end)
    {
    }

    public void OnDrop(in DropEvent drop, in DropLocation location)
    {
        switch (drop.Kind)
        {
            case DropKind.SoftwareSummary:
                WriteSoftwareSummary(drop, location);
                break;
            case DropKind.HardwareSummary:
                // %d of the u32 count, as upstream prints it.
                output.WriteDecimal((int)drop.Count);
                output.Write(" drops at "u8);
                output.Write(drop.TrapName);
                output.Write(" [hardware]\n"u8);
                break;
            case DropKind.Packet:
                _packets.Write(drop, location);
                break;
        }
    }

    private void WriteSoftwareSummary(in DropEvent drop, in DropLocation location)
    {
        output.WriteDecimal((int)drop.Count);
        if (location.Resolved)
        {
            output.Write(" drops at "u8);
            output.Write(location.Symbol.Name);
            output.Write((byte)'+');
            output.WriteHex(location.Symbol.Offset);
            output.Write(" ("u8);
            WritePointer(drop.Pc);
            output.Write(") [software]\n"u8);
        }
        else
        {
            output.Write(" drops at location "u8);
            WritePointer(drop.Pc);
            output.Write(" [software]\n"u8);
        }
    }

    /// <summary>glibc's %p: 0x and lower-case hex, or "(nil)" for NULL.</summary>
    private void WritePointer(ulong pc)
    {
        if (pc == 0)
        {
            output.Write("(nil)"u8);
            return;
        }
        output.Write("0x"u8);
        output.WriteHex(pc);
    }
}
