namespace DropWatch.Core.Symbols;

/// <summary>
/// Loads a System.map: the core kernel's link-time symbols (no modules), sorted. Its addresses must be moved
/// by the KASLR slide before they match run-time PCs (see <see cref="KaslrSlideDetector"/>).
/// </summary>
public static class SystemMapLoader
{
    /// <summary><c>/boot/System.map-&lt;release&gt;</c> for the running kernel (release from <c>/proc/sys/kernel/osrelease</c>).</summary>
    public static string DefaultPath(KernelPaths? paths = null)
    {
        paths ??= KernelPaths.Default;
        string release = ProcText.ReadFirstLine(paths.OsRelease) ?? "unknown";
        return Path.Combine(paths.BootDirectory, "System.map-" + release);
    }

    /// <summary>Reads the map with its link-time addresses.</summary>
    /// <summary>
    /// Whether <paramref name="path"/> can be opened as a map, checked the way a load opens it (non-blocking,
    /// regular files only), so a FIFO or a device is refused at once instead of blocking the check.
    /// </summary>
    public static FileError? CheckReadable(string path)
    {
        FileError? error = KernelFile.TryOpen(path, out KernelFile? file);
        file?.Dispose();
        return error;
    }

    public static SymbolLoadResult Load(string path, SymbolKinds kinds = SymbolKinds.Text) =>
        SymbolFileReader.Read(path, kinds);

    /// <summary>
    /// Reads the map and relocates it by <paramref name="slide"/>, so lookups take run-time addresses.
    /// </summary>
    public static SymbolLoadResult LoadRelocated(string path, ulong slide, SymbolKinds kinds = SymbolKinds.Text)
    {
        SymbolLoadResult linkTime = Load(path, kinds);
        if (!linkTime.Succeeded) return linkTime;
        return Relocate(path, linkTime.Table, slide, linkTime.SkippedLines);
    }

    internal static SymbolLoadResult Relocate(string path, SymbolTable linkTime, ulong slide, int skippedLines)
    {
        if (!linkTime.TryRelocate(slide, out SymbolTable relocated))
            return SymbolLoadResult.Failed(SymbolLoadProblem.MapMismatch, $"{path}: KASLR slide 0x{slide:x} moves addresses past the top of the address space");
        return SymbolLoadResult.Loaded(relocated, skippedLines);
    }
}
