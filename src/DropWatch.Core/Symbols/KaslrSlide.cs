namespace DropWatch.Core.Symbols;

/// <summary>Where a KASLR slide came from, most trusted first.</summary>
public enum KaslrSlideSource
{
    /// <summary>Given by the user.</summary>
    Explicit,

    /// <summary><c>_text</c> in <c>/proc/kallsyms</c> minus <c>_text</c> in the System.map.</summary>
    Kallsyms,

    /// <summary><c>KERNELOFFSET=</c> in the VMCOREINFO note of <c>/proc/kcore</c>.</summary>
    VmcoreInfo,

    /// <summary><c>nokaslr</c> on the kernel command line: the image is where it was linked.</summary>
    NoKaslrCommandLine,
}

/// <summary>
/// How far the running kernel was moved from its link-time address: run-time = link-time + <see cref="Offset"/>.
/// KASLR only ever moves the image up, so the offset is unsigned.
/// </summary>
public readonly record struct KaslrSlide(ulong Offset, KaslrSlideSource Source)
{
    /// <inheritdoc/>
    public override string ToString() => $"0x{Offset:x} ({Source})";
}
