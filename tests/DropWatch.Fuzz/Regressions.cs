namespace DropWatch.Fuzz;

/// <summary>
/// Inputs that once crashed or hung a target, kept in <c>tests/fixtures/fuzz/TARGET/*.bin</c> and replayed
/// first in every run. A new finding (saved by <see cref="Campaign"/> under the crash directory) becomes one
/// by copying its .bin there once it is fixed.
/// </summary>
internal static class Regressions
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Seeds", "regressions");

    public static IEnumerable<byte[]> For(string target)
    {
        string dir = Path.Combine(Directory, target);
        if (!System.IO.Directory.Exists(dir)) yield break;
        foreach (string file in System.IO.Directory.GetFiles(dir, "*.bin").Order(StringComparer.Ordinal))
            yield return File.ReadAllBytes(file);
    }
}
