using System.Globalization;

namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>
/// Just enough of /proc/kallsyms to name the function containing an address, for checking where the
/// tracepoint says a drop happened. (The product's symbol resolvers are another component.)
/// </summary>
internal static class Kallsyms
{
    public static string? FunctionContaining(ulong address)
    {
        ulong best = 0;
        string? name = null;
        foreach (var line in File.ReadLines("/proc/kallsyms"))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length < 3 || parts[1] is not ("t" or "T"))
                continue;
            ulong start = ulong.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (start <= address && start >= best)
            {
                best = start;
                name = parts[2].Split('\t')[0];
            }
        }
        return best == 0 ? null : name;
    }
}
