namespace DropWatch.Core.Symbols;

/// <summary>Inputs for building a resolver; the defaults are the real system files.</summary>
public sealed record ResolverOptions
{
    /// <summary>Kernel file locations.</summary>
    public KernelPaths Paths { get; init; } = KernelPaths.Default;

    /// <summary>System.map to use; null means <c>/boot/System.map-$(uname -r)</c>.</summary>
    public string? SystemMapPath { get; init; }

    /// <summary>A KASLR slide given by the user; null means detect it.</summary>
    public ulong? KaslrSlide { get; init; }

    /// <summary>Which symbol types to load.</summary>
    public SymbolKinds Kinds { get; init; } = SymbolKinds.Text;
}
