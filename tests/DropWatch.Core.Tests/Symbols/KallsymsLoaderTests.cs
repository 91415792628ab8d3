using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class KallsymsLoaderTests
{
    private const string Unsorted = """
        ffffffff81000000 T _stext
        ffffffff81000000 T _text
        ffffffff81000100 T core_fn
        ffffffff81200000 T _etext
        ffffffff82000000 D some_data
        ffffffffc0800200 t mod_b	[mymod]
        ffffffffc0800000 t mod_a	[mymod]
        ffffffffc0800100 d mod_data	[mymod]

        """;

    [Fact]
    public void Loads_unsorted_module_lines_and_reports_nothing_skipped()
    {
        using var file = new TempFile(Unsorted);

        SymbolLoadResult result = KallsymsLoader.Load(file.Path);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(0, result.SkippedLines);
        Assert.True(result.Table.TryFind(0xffffffffc0800180, out SymbolMatch match));
        Assert.Equal(new SymbolMatch("mod_a", 0x180, "mymod"), match); // mod_data is not text, so not in between
        Assert.Equal(0xffffffff81000000, result.Table.Anchors.Text);
    }

    [Fact]
    public void All_zero_addresses_are_reported_as_hidden()
    {
        using var file = new TempFile("""
            0000000000000000 T _text
            0000000000000000 T core_fn
            0000000000000000 t mod_fn	[mymod]

            """);

        SymbolLoadResult result = KallsymsLoader.Load(file.Path);

        Assert.False(result.Succeeded);
        Assert.Equal(SymbolLoadProblem.AddressesHidden, result.Problem);
        Assert.Contains(file.Path, result.Message);
        Assert.Contains("hidden", result.Message);
    }

    [Fact]
    public void Missing_file_names_the_path_and_the_errno_text()
    {
        string path = TempFile.MissingPath();

        SymbolLoadResult result = KallsymsLoader.Load(path);

        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Equal($"cannot open {path}: No such file or directory", result.Message);
        Assert.Equal(2, result.FileError?.Errno); // ENOENT
    }

    [Fact]
    public void A_directory_is_unreadable_with_its_errno_text()
    {
        SymbolLoadResult result = KallsymsLoader.Load(Path.GetTempPath());

        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Contains("Is a directory", result.Message);
    }

    [Fact]
    public void Garbage_only_file_has_no_symbols()
    {
        using var file = new TempFile("this is not\na symbol file\n");

        SymbolLoadResult result = KallsymsLoader.Load(file.Path);

        Assert.Equal(SymbolLoadProblem.NoSymbols, result.Problem);
        Assert.Equal(2, result.SkippedLines);
    }

    [Fact]
    public void Last_line_without_newline_and_lines_across_read_chunks_are_parsed()
    {
        // Enough lines to span several 1 MiB reads; no trailing newline at the end.
        var text = new System.Text.StringBuilder();
        const int count = 60_000;
        for (int i = 0; i < count; i++) text.Append($"{0xffffffff81000000UL + (ulong)i * 0x10:x16} T function_with_a_longish_name_{i}\n");
        text.Length--;
        using var file = new TempFile(text.ToString());

        SymbolLoadResult result = KallsymsLoader.Load(file.Path);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(count, result.Table.Count);
        Assert.True(result.Table.TryFind(0xffffffff81000000UL + (count - 1) * 0x10UL + 4, out SymbolMatch last));
        Assert.Equal($"function_with_a_longish_name_{count - 1}", last.Name);
        Assert.True(result.Table.TryFind(0xffffffff81000000UL + 31_337 * 0x10UL, out SymbolMatch middle));
        Assert.Equal("function_with_a_longish_name_31337", middle.Name);
    }
}
