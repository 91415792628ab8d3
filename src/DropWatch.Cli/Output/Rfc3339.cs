namespace DropWatch.Cli.Output;

/// <summary>The JSON outputs' one time format: RFC 3339 in UTC with nanoseconds, <c>2026-12-02T00:38:17.902850081Z</c>.</summary>
public static class Rfc3339
{
    public const int Length = 30;

    /// <summary>Writes <paramref name="ns"/> (since the Unix epoch) into the first <see cref="Length"/> bytes of <paramref name="text"/>.</summary>
    public static void Format(ulong ns, Span<byte> text)
    {
        DateTime t = DateTime.UnixEpoch.AddTicks((long)(ns / 100));
        Digits(text[0..4], t.Year);
        text[4] = (byte)'-';
        Digits(text[5..7], t.Month);
        text[7] = (byte)'-';
        Digits(text[8..10], t.Day);
        text[10] = (byte)'T';
        Digits(text[11..13], t.Hour);
        text[13] = (byte)':';
        Digits(text[14..16], t.Minute);
        text[16] = (byte)':';
        Digits(text[17..19], t.Second);
        text[19] = (byte)'.';
        Digits(text[20..29], (long)(ns % 1_000_000_000));
        text[29] = (byte)'Z';
    }

    private static void Digits(Span<byte> to, long value)
    {
        for (int i = to.Length - 1; i >= 0; i--, value /= 10)
            to[i] = (byte)('0' + value % 10);
    }
}
