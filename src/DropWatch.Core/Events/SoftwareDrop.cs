namespace DropWatch.Core.Events;

/// <summary>One summary-mode record: <paramref name="Count"/> packets freed at <paramref name="Pc"/>
/// on one CPU during one kernel batch (about one second).</summary>
public readonly record struct SoftwareDrop(ulong Pc, uint Count);
