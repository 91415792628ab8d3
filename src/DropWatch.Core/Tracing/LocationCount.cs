namespace DropWatch.Core.Tracing;

/// <summary>One entry of a closed aggregation window: <paramref name="Count"/> drops at <paramref name="Location"/>.</summary>
public readonly record struct LocationCount(ulong Location, uint Count);
