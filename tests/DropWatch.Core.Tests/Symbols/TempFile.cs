namespace DropWatch.Core.Tests.Symbols;

/// <summary>A file with given contents that is deleted when the test is done.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string contents) : this(System.Text.Encoding.UTF8.GetBytes(contents))
    {
    }

    public TempFile(byte[] contents)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dropwatch-symbols-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(Path, contents);
    }

    public string Path { get; }

    /// <summary>A path in the temp directory that does not exist.</summary>
    public static string MissingPath() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dropwatch-missing-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(Path);
}
