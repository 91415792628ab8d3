using System.Globalization;

namespace DropWatch.Benchmarks;

/// <summary>
/// This machine's <c>/proc/kallsyms</c> as benchmark input: a byte-for-byte copy in a temp file (parse cost
/// without the kernel's generation cost), a System.map-format file made from its core symbols, and random
/// text addresses inside the table for lookups.
/// </summary>
internal static class KernelSymbols
{
    public const string LivePath = "/proc/kallsyms";

    /// <summary>Copies the live file to a temp file (read through a stream: procfs reports size 0).</summary>
    public static string CopyToTemp()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dropwatch-bench-kallsyms-{Environment.ProcessId}");
        using (FileStream source = File.OpenRead(LivePath))
        using (FileStream target = File.Create(path))
            source.CopyTo(target);
        return path;
    }

    /// <summary>
    /// Writes a System.map-format file: core symbols only (no <c>[module]</c> tail), sorted by address
    /// (stable, so aliases keep their order), one <c>ADDR TYPE NAME</c> per line.
    /// </summary>
    public static string WriteSystemMap()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dropwatch-bench-System.map-{Environment.ProcessId}");
        var core = new List<(ulong Address, int Order, string Line)>();
        int order = 0;
        foreach (string line in File.ReadLines(LivePath))
        {
            if (line.Contains('\t')) continue; // "\t[module]": not in a System.map
            string[] f = line.Split(' ');
            if (f.Length != 3) continue;
            core.Add((ulong.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), order++, line));
        }

        core.Sort((a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : a.Order.CompareTo(b.Order));
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        foreach (var (_, _, line) in core) writer.WriteLine(line);
        return path;
    }

    /// <summary>Text-symbol start addresses of the live file, sorted and distinct.</summary>
    public static ulong[] TextAddresses()
    {
        var addresses = new SortedSet<ulong>();
        foreach (string line in File.ReadLines(LivePath))
        {
            string[] f = line.Split(' ', 3);
            if (f.Length < 3 || f[1] is not ("t" or "T" or "w" or "W")) continue;
            ulong a = ulong.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (a != 0) addresses.Add(a);
        }

        return [.. addresses];
    }

    /// <summary>
    /// <paramref name="count"/> addresses, each a random text symbol plus a random offset below the next
    /// symbol's start (fixed seed, so every run looks up the same addresses).
    /// </summary>
    public static ulong[] RandomAddressesInside(ulong[] starts, int count, int seed = 42)
    {
        if (starts.Length < 2) throw new InvalidOperationException($"{LivePath} has no visible text symbols (run as root)");
        var random = new Random(seed);
        var result = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            int k = random.Next(starts.Length - 1);
            ulong span = Math.Min(starts[k + 1] - starts[k], 4096);
            result[i] = starts[k] + (ulong)random.NextInt64((long)span);
        }

        return result;
    }
}
