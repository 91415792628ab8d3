namespace DropWatch.Core.Tracing;

/// <summary>
/// One <c>field:</c> line of a tracefs format file, e.g.
/// <c>field:void * location;	offset:16;	size:8;	signed:0;</c>.
/// Offsets are relative to the start of the raw record the kernel hands to perf.
/// </summary>
public readonly record struct TracepointField(string Type, string Name, int Offset, int Size, bool Signed);
