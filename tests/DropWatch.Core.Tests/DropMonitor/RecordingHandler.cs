using System.Text;
using DropWatch.Core.Events;

namespace DropWatch.Core.Tests.DropMonitor;

/// <summary>A summary entry as the tests compare it: location and count.</summary>
internal readonly record struct SoftwareDrop(ulong Pc, uint Count);

/// <summary>Records every event a decoder delivers, in a form tests can compare.</summary>
internal sealed class RecordingHandler : IDropEventSink
{
    public List<SoftwareDrop> Software { get; } = [];
    public List<(string Trap, uint Count)> Hardware { get; } = [];
    public List<string> Packets { get; } = [];
    public int FullTables { get; private set; }

    public void OnSummaryTableFull() => FullTables++;

    public void OnDrop(in DropEvent a)
    {
        switch (a.Kind)
        {
            case DropKind.SoftwareSummary:
                Software.Add(new SoftwareDrop(a.Pc, a.Count));
                break;
            case DropKind.HardwareSummary:
                Hardware.Add((Encoding.UTF8.GetString(a.TrapName), a.Count));
                break;
            default:
                Packets.Add(
                    $"pc={(a.HasPc ? a.Pc.ToString("x") : "-")} sym={Encoding.UTF8.GetString(a.KernelSymbol)} origin={(a.HasOrigin ? (int)a.Origin : -1)} " +
                    $"if={(a.HasIfIndex ? a.IfIndex : -1)} ts={a.TimestampNs} proto={(a.HasProtocol ? a.Protocol.ToString("x") : "-")} " +
                    $"len={(a.HasPayload ? a.Payload.Length : -1)} orig={(a.HasOriginalLength ? a.OriginalLength : 0)} reason={Encoding.UTF8.GetString(a.Reason)}");
                break;
        }
    }
}
