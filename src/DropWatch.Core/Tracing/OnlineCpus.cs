using System.Globalization;

namespace DropWatch.Core.Tracing;

/// <summary>Parses the kernel's CPU list format (<c>/sys/devices/system/cpu/online</c>: "0-3,5,7-8").</summary>
internal static class OnlineCpus
{
    public const string Path = "/sys/devices/system/cpu/online";

    /// <summary>
    /// The largest CPU number accepted: far above any kernel's NR_CPUS (8192 at most today), and a bound on
    /// the list's size, so a corrupt file cannot make the parser count to int.MaxValue.
    /// </summary>
    public const int MaxCpu = 65_535;

    public static int[] Read() => Parse(File.ReadAllText(Path));

    public static int[] Parse(string list)
    {
        var cpus = new List<int>();
        foreach (var range in list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = range.IndexOf('-');
            int first = ParseCpu(dash < 0 ? range : range[..dash], list);
            int last = dash < 0 ? first : ParseCpu(range[(dash + 1)..], list);
            // The kernel prints ascending, disjoint ranges; requiring that keeps the list at most MaxCpu + 1 long
            // and free of duplicates (each would open a second ring on one CPU).
            if (last < first || (cpus.Count > 0 && first <= cpus[^1]))
                throw new TracepointException($"malformed CPU list '{list.Trim()}'");
            for (int cpu = first; cpu <= last; cpu++)
                cpus.Add(cpu);
        }
        if (cpus.Count == 0)
            throw new TracepointException($"empty CPU list '{list.Trim()}'");
        return [.. cpus];
    }

    private static int ParseCpu(string text, string list) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) && cpu <= MaxCpu
            ? cpu
            : throw new TracepointException($"malformed CPU list '{list.Trim()}'");
}
