namespace DropWatch.Core.Symbols;

/// <summary>Reads one kallsyms-format file into a table; the policy shared by both loaders.</summary>
internal static class SymbolFileReader
{
    // /proc/kallsyms has ~120-200k lines; starting near that size avoids most regrowth copies.
    private const int ExpectedSymbols = 1 << 17;

    public static SymbolLoadResult Read(string path, SymbolKinds kinds)
    {
        FileError? openError = KernelFile.TryOpen(path, out KernelFile? file);
        if (openError is { } failedOpen) return SymbolLoadResult.Unreadable(failedOpen);

        var builder = new SymbolTableBuilder(ExpectedSymbols);
        var parser = new SymbolLineParser(builder, kinds);
        using (file)
        {
            if (file!.ReadLines(parser) is { } readError) return SymbolLoadResult.Unreadable(readError);
        }

        if (parser.WellFormedLines == 0)
            return SymbolLoadResult.Failed(SymbolLoadProblem.NoSymbols, $"{path}: no symbol lines found", parser.SkippedLines);

        if (!parser.SawNonZeroAddress)
        {
            return SymbolLoadResult.Failed(
                SymbolLoadProblem.AddressesHidden,
                KallsymsLoader.AddressesHiddenMessage(path),
                parser.SkippedLines);
        }

        SymbolTable table = builder.Build();
        if (table.Count == 0)
            return SymbolLoadResult.Failed(SymbolLoadProblem.NoSymbols, $"{path}: no symbols of the requested kinds", parser.SkippedLines);

        return SymbolLoadResult.Loaded(table, parser.SkippedLines);
    }
}
