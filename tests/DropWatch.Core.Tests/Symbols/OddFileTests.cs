using System.Diagnostics;
using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

/// <summary>
/// Every loader refuses what is not a regular file, at once and with the reason, instead of blocking in
/// open() on a FIFO or reading a device for ever.
/// </summary>
public class OddFileTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Dev_zero_is_refused_as_a_character_device()
    {
        SymbolLoadResult result = await WithinBound(() => SystemMapLoader.Load("/dev/zero"));
        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Equal("cannot read /dev/zero: not a regular file (a character device)", result.Message);
    }

    [Fact]
    public async Task A_fifo_without_a_writer_is_refused_without_blocking()
    {
        using var fifo = new Fifo();
        SymbolLoadResult result = await WithinBound(() => KallsymsLoader.Load(fifo.Path));
        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Equal($"cannot read {fifo.Path}: not a regular file (a FIFO)", result.Message);
    }

    [Fact]
    public async Task A_fifo_with_a_writer_that_never_closes_is_refused_without_blocking()
    {
        using var fifo = new Fifo();
        // A writer that holds the FIFO open (O_RDWR never blocks on a FIFO) and writes a valid line.
        using var writer = new FileStream(fifo.Path, FileMode.Open, FileAccess.ReadWrite);
        writer.Write("ffffffff81000000 T _text\n"u8);
        writer.Flush();
        SymbolLoadResult result = await WithinBound(() => SystemMapLoader.Load(fifo.Path));
        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Contains("not a regular file (a FIFO)", result.Message);
    }

    [Fact]
    public async Task The_other_readers_refuse_odd_files_too()
    {
        using var fifo = new Fifo();
        KallsymsProbeResult probe = await WithinBound(() => KallsymsProbe.Probe(fifo.Path));
        Assert.Equal(KallsymsVisibility.Unavailable, probe.Visibility);
        Assert.Contains("not a regular file", probe.Message);

        string? vmcore = await WithinBound(() => VmcoreInfo.TryReadKernelOffset("/dev/zero", out _));
        Assert.Equal("cannot read /dev/zero: not a regular file (a character device)", vmcore);
    }

    [Fact]
    public async Task A_directory_is_refused_as_a_directory()
    {
        SymbolLoadResult result = await WithinBound(() => SystemMapLoader.Load("/"));
        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Equal("cannot read /: Is a directory", result.Message);
    }

    [Fact]
    public async Task A_regular_file_larger_than_any_symbol_file_is_refused_after_the_bound()
    {
        using var file = new TempFile([]);
        using (var s = new FileStream(file.Path, FileMode.Open)) s.SetLength(KernelFile.MaxLineFileBytes + 1); // sparse
        var clock = Stopwatch.StartNew();
        SymbolLoadResult result = await WithinBound(() => SystemMapLoader.Load(file.Path));
        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Contains("larger than", result.Message);
        Assert.True(clock.Elapsed < Bound);
    }

    private static async Task<T> WithinBound<T>(Func<T> load)
    {
        var task = Task.Run(load);
        Assert.True(task == await Task.WhenAny(task, Task.Delay(Bound)), "the loader did not return");
        return await task;
    }

    /// <summary>A named pipe in the temp directory, removed afterwards.</summary>
    private sealed class Fifo : IDisposable
    {
        public Fifo()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dropwatch-fifo-" + Guid.NewGuid().ToString("N"));
            using var mkfifo = Process.Start("mkfifo", Path);
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
