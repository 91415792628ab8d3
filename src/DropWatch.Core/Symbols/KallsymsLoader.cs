namespace DropWatch.Core.Symbols;

/// <summary>Loads <c>/proc/kallsyms</c>: run-time addresses of the core kernel, modules, BPF programs and trampolines.</summary>
public static class KallsymsLoader
{
    /// <summary>The kernel's symbol file.</summary>
    public const string DefaultPath = "/proc/kallsyms";

    /// <summary>
    /// Reads the whole file once. All-zero addresses give <see cref="SymbolLoadProblem.AddressesHidden"/>
    /// instead of a table on which every lookup would silently fail.
    /// </summary>
    public static SymbolLoadResult Load(string path = DefaultPath, SymbolKinds kinds = SymbolKinds.Text) =>
        SymbolFileReader.Read(path, kinds);

    internal static string AddressesHiddenMessage(string path) =>
        $"{path}: addresses hidden (all zero); reading them needs root (CAP_SYSLOG) and kernel.kptr_restrict < 2";
}
