using System.Globalization;

namespace DropWatch.Cli.Options;

/// <summary>
/// A length of time as a script writes it: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, or a plain
/// number of seconds (<c>30</c>, <c>1.5</c>). Checked before anything is opened, like every option value.
/// </summary>
public static class DurationValue
{
    /// <summary>Longest duration accepted: well inside what a timer can wait (about 49 days).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(1000);

    public static bool TryParse(string option, string text, out TimeSpan duration, out string error)
    {
        error = "";
        duration = default;
        (string number, double unitMs) = Split(text);
        if (number.Length > 0
            && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            && value * unitMs >= 1 && value * unitMs <= Max.TotalMilliseconds)
        {
            duration = TimeSpan.FromMilliseconds(Math.Round(value * unitMs));
            return true;
        }
        error = $"invalid {option} '{text}': expected a duration from 1ms to {Max.TotalHours:0}h such as 500ms, 30s, 2m, 1h " +
                "or a plain number of seconds";
        return false;
    }

    // "ms" before "m" and "s": the longest suffix wins.
    private static (string Number, double UnitMs) Split(string text) =>
        text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1)
        : text.EndsWith('s') ? (text[..^1], 1000)
        : text.EndsWith('m') ? (text[..^1], 60_000)
        : text.EndsWith('h') ? (text[..^1], 3_600_000)
        : (text, 1000);
}
