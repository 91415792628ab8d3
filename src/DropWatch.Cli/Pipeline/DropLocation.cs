using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Pipeline;

/// <summary>
/// Where a drop's PC falls in the kernel, resolved once by the pipeline for every sink.
/// <see cref="Resolved"/> is false for events without a PC, a NULL PC, or when the lookup method has
/// no table (<c>-l null</c>).
/// </summary>
public readonly record struct DropLocation(bool Resolved, SymbolMatch Symbol, ulong Size)
{
    public static DropLocation None => default;
}
