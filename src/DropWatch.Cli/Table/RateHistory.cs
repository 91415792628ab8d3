namespace DropWatch.Cli.Table;

/// <summary>
/// Drops per whole second for the last <see cref="Seconds"/> seconds, in a ring stamped with the second
/// each slot holds, so a quiet second reads as 0 without anything clearing it.
/// </summary>
public sealed class RateHistory
{
    public const int Seconds = 32;

    private readonly ulong[] _counts = new ulong[Seconds];
    private readonly long[] _stamps = new long[Seconds];

    public RateHistory() => Array.Fill(_stamps, long.MinValue);

    public void Add(long second, ulong count)
    {
        int slot = (int)((ulong)second % Seconds);
        if (_stamps[slot] != second)
        {
            _stamps[slot] = second;
            _counts[slot] = 0;
        }
        _counts[slot] += count;
    }

    /// <summary>Drops counted in <paramref name="second"/>; 0 for a second outside the ring.</summary>
    public ulong In(long second)
    {
        int slot = (int)((ulong)second % Seconds);
        return _stamps[slot] == second ? _counts[slot] : 0;
    }
}
