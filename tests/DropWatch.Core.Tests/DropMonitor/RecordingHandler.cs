using System.Text;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Core.Tests.DropMonitor;

internal sealed class RecordingHandler : IAlertHandler
{
    public List<SoftwareDrop> Software { get; } = [];
    public List<(string Trap, uint Count)> Hardware { get; } = [];
    public List<string> Packets { get; } = [];
    public int FullTables { get; private set; }

    public void OnSoftwareDrop(SoftwareDrop drop) => Software.Add(drop);
    public void OnHardwareDrop(ReadOnlySpan<byte> trapName, uint count) => Hardware.Add((Encoding.UTF8.GetString(trapName), count));
    public void OnSummaryTableFull() => FullTables++;

    public void OnPacketAlert(in PacketAlert a) => Packets.Add(
        $"pc={(a.HasPc ? a.Pc.ToString("x") : "-")} sym={Encoding.UTF8.GetString(a.Symbol)} origin={(a.HasOrigin ? a.Origin : -1)} " +
        $"if={(a.HasIfIndex ? a.IfIndex : -1)} ts={a.TimestampNs} proto={(a.HasProtocol ? a.Protocol.ToString("x") : "-")} " +
        $"len={(a.HasPayload ? a.Payload.Length : -1)} orig={(a.HasOriginalLength ? a.OriginalLength : 0)} reason={Encoding.UTF8.GetString(a.Reason)}");
}
