using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Output;

/// <summary>
/// Prints alerts in upstream dropwatch 1.5's exact text and enforces the alert limit.
/// One record is one printed summary line or one packet block, as upstream counts them.
/// </summary>
public sealed class AlertPrinter : IAlertHandler
{
    private readonly OutputBuffer _out;
    private readonly ISymbolResolver _resolver;
    private readonly LossCounters _losses;
    private readonly PacketFormatter _packets;
    private ulong _limit;
    private ulong _printed;

    public AlertPrinter(OutputBuffer output, ISymbolResolver resolver, LossCounters losses)
    {
        _out = output;
        _resolver = resolver;
        _losses = losses;
        _packets = new PacketFormatter(output);
    }

    /// <summary>True once the alert limit has been reached; later alerts are not printed.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Records printed in the current session.</summary>
    public ulong Printed => _printed;

    /// <summary>Starts a new monitoring session: the count restarts (upstream never resets it).</summary>
    public void Begin(ulong limit)
    {
        _limit = limit;
        _printed = 0;
        LimitReached = false;
    }

    public void OnSoftwareDrop(SoftwareDrop drop)
    {
        if (LimitReached) return;
        // %d of the u32 count, as upstream prints it.
        _out.WriteDecimal((int)drop.Count);
        if (drop.Pc != 0 && _resolver.TryResolve(drop.Pc, out SymbolMatch match))
        {
            _out.Write(" drops at "u8);
            _out.Write(match.Name);
            _out.Write((byte)'+');
            _out.WriteHex(match.Offset);
            _out.Write(" ("u8);
            WritePointer(drop.Pc);
            _out.Write(") [software]\n"u8);
        }
        else
        {
            _out.Write(" drops at location "u8);
            WritePointer(drop.Pc);
            _out.Write(" [software]\n"u8);
        }
        Count();
    }

    public void OnHardwareDrop(ReadOnlySpan<byte> trapName, uint count)
    {
        if (LimitReached) return;
        _out.WriteDecimal((int)count);
        _out.Write(" drops at "u8);
        _out.Write(trapName);
        _out.Write(" [hardware]\n"u8);
        Count();
    }

    public void OnPacketAlert(in PacketAlert alert)
    {
        if (LimitReached) return;
        _packets.Write(alert);
        Count();
    }

    public void OnSummaryTableFull() => _losses.FullSummaryTables++;

    /// <summary>glibc's %p: 0x and lower-case hex, or "(nil)" for NULL.</summary>
    private void WritePointer(ulong pc)
    {
        if (pc == 0)
        {
            _out.Write("(nil)"u8);
            return;
        }
        _out.Write("0x"u8);
        _out.WriteHex(pc);
    }

    private void Count()
    {
        _printed++;
        if (_limit != 0 && _printed == _limit)
        {
            LimitReached = true;
            _out.Write("Alert limit reached, deactivating!\n"u8);
        }
    }
}
