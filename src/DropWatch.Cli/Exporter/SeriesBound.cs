using System.Globalization;

namespace DropWatch.Cli.Exporter;

/// <summary>The value of <c>--metrics-max-series</c>: how many drop series Prometheus may be given at most.</summary>
public static class SeriesBound
{
    public const int Max = 100_000;

    public static bool TryParse(string text, out int bound, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bound) && bound is >= 1 and <= Max)
            return true;
        error = $"invalid --metrics-max-series '{text}': expected a number of series from 1 to {Max} (default {DropMetrics.DefaultMaxSeries})";
        return false;
    }
}
