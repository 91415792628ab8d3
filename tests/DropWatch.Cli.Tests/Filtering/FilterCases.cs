using System.Text;
using DropWatch.Cli.Filtering;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests.Filtering;

/// <summary>One record to filter, built field by field (spans need storage that outlives the call).</summary>
internal sealed class Record
{
    public DropKind Kind = DropKind.Packet;
    public DropOrigin? Origin = DropOrigin.Software;
    public string? Reason;
    public string? Symbol;
    public string? KernelSymbol;
    public ushort? Protocol;
    public uint? IfIndex;
    public byte[]? Payload;
    public int? Pid;
    public string? Comm;
    public int Cpu = -1;
    public uint Count = 1;

    public bool Matches(DropFilter filter, Func<uint, string?>? names = null)
    {
        var e = new DropEvent(Kind) { Count = Count, Cpu = Cpu };
        if (Origin is { } o) { e.HasOrigin = true; e.Origin = o; }
        if (Reason is not null) { e.HasReason = true; e.Reason = Encoding.ASCII.GetBytes(Reason); }
        if (KernelSymbol is not null) { e.HasKernelSymbol = true; e.KernelSymbol = Encoding.ASCII.GetBytes(KernelSymbol); }
        if (Protocol is { } p) { e.HasProtocol = true; e.Protocol = p; }
        if (IfIndex is { } i) { e.HasIfIndex = true; e.IfIndex = i; }
        if (Payload is not null) { e.HasPayload = true; e.Payload = Payload; }
        if (Pid is { } pid) { e.HasProcess = true; e.Pid = pid; e.Tid = pid; e.Comm = Encoding.ASCII.GetBytes(Comm ?? ""); }
        e.HasPc = true;
        e.Pc = 0xffffffff81000000;
        DropLocation location = Symbol is null ? DropLocation.None : new DropLocation(true, new SymbolMatch(Symbol, 0x10, null), 0x100);
        return filter.Matches(e, location, names);
    }

    public static Record Udp(ushort dport, string src = "192.0.2.1", string dst = "198.51.100.7", ushort sport = 40000) => new()
    {
        Reason = "NO_SOCKET",
        Symbol = "__udp4_lib_rcv",
        Protocol = 0x0800,
        IfIndex = 1,
        Payload = Packets.Udp4(src, dst, sport, dport),
    };
}
