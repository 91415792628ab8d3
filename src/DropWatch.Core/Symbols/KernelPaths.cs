namespace DropWatch.Core.Symbols;

/// <summary>Where the kernel's files are. Tests point these at fixtures; everything else uses <see cref="Default"/>.</summary>
public sealed record KernelPaths
{
    /// <summary>The real locations.</summary>
    public static KernelPaths Default { get; } = new();

    /// <summary>Run-time symbol table.</summary>
    public string Kallsyms { get; init; } = "/proc/kallsyms";

    /// <summary>ELF core image of the running kernel; its notes carry VMCOREINFO (<c>KERNELOFFSET=</c>).</summary>
    public string Kcore { get; init; } = "/proc/kcore";

    /// <summary>Kernel command line (<c>nokaslr</c> means a zero slide).</summary>
    public string Cmdline { get; init; } = "/proc/cmdline";

    /// <summary>The release string printed by <c>uname -r</c>.</summary>
    public string OsRelease { get; init; } = "/proc/sys/kernel/osrelease";

    /// <summary>Where distributions install <c>System.map-&lt;release&gt;</c>.</summary>
    public string BootDirectory { get; init; } = "/boot";
}
