using DropWatch.Core.Events;

namespace DropWatch.Benchmarks;

/// <summary>Consumes decoded events so the decoder's work can't be optimised away.</summary>
internal sealed class NullHandler : IDropEventSink
{
    public ulong Sum;

    public void OnDrop(in DropEvent drop) => Sum += drop.Pc + drop.Count + (ulong)drop.Payload.Length + (ulong)drop.Reason.Length;
    public void OnSummaryTableFull() => Sum++;
}
