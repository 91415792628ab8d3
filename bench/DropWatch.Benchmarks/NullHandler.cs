using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Benchmarks;

/// <summary>Consumes decoded alerts so the decoder's work can't be optimised away.</summary>
internal sealed class NullHandler : IAlertHandler
{
    public ulong Sum;

    public void OnSoftwareDrop(SoftwareDrop drop) => Sum += drop.Pc + drop.Count;
    public void OnHardwareDrop(ReadOnlySpan<byte> trapName, uint count) => Sum += count;
    public void OnPacketAlert(in PacketAlert alert) => Sum += alert.Pc + (ulong)alert.Payload.Length + (ulong)alert.Reason.Length;
    public void OnSummaryTableFull() => Sum++;
}
