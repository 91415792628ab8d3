using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Output;

/// <summary>
/// With <c>--stack</c>, the packet block's extra lines about who dropped it and how it got there
/// (tracepoint source): <c>process:</c>, <c>cpu:</c>, then <c>stack:</c> with one indented frame a line.
/// Never written otherwise, so the default text stays upstream's.
/// </summary>
public sealed class WhoAndHowLines(OutputBuffer output, ISymbolResolver? symbols)
{
    public void Write(in DropEvent a)
    {
        OutputBuffer o = output;
        if (a.HasProcess)
        {
            o.Write("process: "u8);
            if (a.Comm.IsEmpty)
                o.Write("(unknown)"u8);
            else
                o.Write(a.Comm);
            o.Write(" (pid "u8);
            o.WriteDecimal(a.Pid);
            if (a.Tid != a.Pid)
            {
                o.Write(", tid "u8);
                o.WriteDecimal(a.Tid);
            }
            o.Write(")\n"u8);
        }
        if (a.Cpu >= 0 && a.HasProcess)
        {
            o.Write("cpu: "u8);
            o.WriteDecimal(a.Cpu);
            o.Write((byte)'\n');
        }
        if (!a.HasStack)
            return;
        o.Write("stack:\n"u8);
        foreach (ulong pc in a.Stack)
        {
            o.Write("    "u8);
            if (symbols is not null && symbols.TryResolveExtent(pc, out SymbolMatch frame, out _))
                StackFrameText.Write(o, frame);
            else
            {
                o.Write("0x"u8);
                o.WriteHex(pc);
            }
            o.Write((byte)'\n');
        }
    }
}
