namespace DropWatch.Fuzz;

/// <summary>
/// Deterministic mutations of seed inputs, the kinds that break length-prefixed binary formats: truncation at
/// every offset, every byte set to 00/ff/7f/80, every bit flipped (the systematic pass), then random stacks of
/// boundary lengths written over u16/u32 fields, splices of two seeds, inserted, deleted and duplicated
/// ranges, and wholly random bytes. The same seed number gives the same inputs on every machine.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly byte[] InterestingBytes = [0x00, 0xff, 0x7f, 0x80];
    private static readonly ushort[] BoundaryU16 = [0, 1, 3, 4, 5, 7, 8, 12, 16, 20, 0x7fff, 0x8000, 0x8004, 0xfffc, 0xffff];
    private static readonly uint[] BoundaryU32 = [0, 1, 4, 15, 16, 17, 20, 0xffff, 0x10000, 0x7ffffff9, 0x7ffffffc, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];

    // The same boundaries for text formats (tracefs format files, CPU lists, symbol files), where a number
    // is a run of digits that byte mutations almost never turn into a 10-digit one.
    private static readonly byte[][] BoundaryNumbers =
        [.. new[] { "0", "1", "-1", "7", "65535", "65536", "2147483640", "2147483647", "2147483648", "4294967295",
            "18446744073709551615", "0x7fffffff", "0xffffffff", "99999999999999999999", "ffffffffffffffff" }.Select(System.Text.Encoding.ASCII.GetBytes)];

    private readonly Random _random = new(seed);

    /// <summary>Every truncation, every interesting byte at every offset, every single-bit flip of <paramref name="input"/>.</summary>
    public static IEnumerable<byte[]> Systematic(byte[] input)
    {
        for (int length = 0; length < input.Length; length++)
            yield return input[..length];
        for (int at = 0; at < input.Length; at++)
        {
            foreach (byte value in InterestingBytes)
            {
                if (input[at] == value) continue;
                byte[] copy = (byte[])input.Clone();
                copy[at] = value;
                yield return copy;
            }
        }

        for (int bit = 0; bit < input.Length * 8; bit++)
        {
            byte[] copy = (byte[])input.Clone();
            copy[bit >> 3] ^= (byte)(1 << (bit & 7));
            yield return copy;
        }
    }

    /// <summary>How many inputs <see cref="Systematic"/> gives for <paramref name="input"/> (at most).</summary>
    public static long SystematicCount(byte[] input) => input.Length * (1L + InterestingBytes.Length + 8);

    /// <summary>One random mutant of a random seed: one to four stacked mutations.</summary>
    public byte[] Next(IReadOnlyList<byte[]> seeds)
    {
        if (_random.Next(64) == 0) return RandomBytes(_random.Next(0, 512));
        List<byte> bytes = [.. seeds[_random.Next(seeds.Count)]];
        int stack = 1 + _random.Next(4);
        for (int i = 0; i < stack; i++) Mutate(bytes, seeds);
        return [.. bytes];
    }

    private void Mutate(List<byte> b, IReadOnlyList<byte[]> seeds)
    {
        switch (_random.Next(11))
        {
            case 9 when b.Count > 0:
                ReplaceNumber(b);
                break;
            case 0 when b.Count > 0:
                b[_random.Next(b.Count)] = (byte)_random.Next(256);
                break;
            case 1 when b.Count > 0:
                b[_random.Next(b.Count)] ^= (byte)(1 << _random.Next(8));
                break;
            case 2 when b.Count >= 2:
                WriteU16(b, Field(b.Count, 2), Boundary16(b.Count));
                break;
            case 3 when b.Count >= 4:
                WriteU32(b, Field(b.Count, 4), BoundaryU32[_random.Next(BoundaryU32.Length)]);
                break;
            case 4 when b.Count > 0:
            {
                int cut = _random.Next(b.Count);
                b.RemoveRange(cut, b.Count - cut);
                break;
            }
            case 5:
            {
                // Splice: a prefix of this input with a suffix of another seed.
                byte[] other = seeds[_random.Next(seeds.Count)];
                int keep = _random.Next(b.Count + 1);
                int from = _random.Next(other.Length + 1);
                b.RemoveRange(keep, b.Count - keep);
                b.AddRange(other.AsSpan(from).ToArray());
                break;
            }
            case 6:
            {
                int at = _random.Next(b.Count + 1);
                b.InsertRange(at, RandomBytes(1 + _random.Next(16)));
                break;
            }
            case 7 when b.Count > 0:
            {
                int at = _random.Next(b.Count);
                b.RemoveRange(at, Math.Min(b.Count - at, 1 + _random.Next(16)));
                break;
            }
            case 8 when b.Count > 0:
            {
                // Duplicate a range in place: repeated attributes and messages.
                int at = _random.Next(b.Count);
                int length = Math.Min(b.Count - at, 1 + _random.Next(64));
                b.InsertRange(at, b.GetRange(at, length));
                break;
            }
            default:
                if (b.Count > 0) b[_random.Next(b.Count)] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                break;
        }
    }

    /// <summary>Replaces the digit run (decimal or hex) around a random position with a boundary number.</summary>
    private void ReplaceNumber(List<byte> b)
    {
        int at = _random.Next(b.Count);
        int start = b.FindIndex(at, IsDigit);
        if (start < 0) return;
        int end = start;
        while (end < b.Count && IsHexDigit(b[end])) end++;
        b.RemoveRange(start, end - start);
        b.InsertRange(start, BoundaryNumbers[_random.Next(BoundaryNumbers.Length)]);
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsHexDigit(byte c) => IsDigit(c) || (c | 0x20) is >= (byte)'a' and <= (byte)'f' || c == (byte)'x';

    // Netlink and perf fields are 2- or 4-byte aligned; most writes land on a field, some anywhere.
    private int Field(int count, int width)
    {
        int at = _random.Next(count - width + 1);
        return _random.Next(4) == 0 ? at : at & ~(width - 1);
    }

    private ushort Boundary16(int count) => _random.Next(3) switch
    {
        0 => (ushort)Math.Clamp(count + _random.Next(-8, 9), 0, ushort.MaxValue),
        _ => BoundaryU16[_random.Next(BoundaryU16.Length)],
    };

    private byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static void WriteU16(List<byte> b, int at, ushort v)
    {
        b[at] = (byte)v;
        b[at + 1] = (byte)(v >> 8);
    }

    private static void WriteU32(List<byte> b, int at, uint v)
    {
        for (int i = 0; i < 4; i++) b[at + i] = (byte)(v >> (8 * i));
    }
}
