namespace DropWatch.Testing;

/// <summary>Golden vectors are written as annotated hex; this reads them back (text after '#' on a line is a comment).</summary>
public static class Hex
{
    public static byte[] Parse(string annotated)
    {
        var digits = new System.Text.StringBuilder();
        foreach (string line in annotated.Split('\n'))
        {
            string data = line.Split('#')[0];
            foreach (char c in data)
                if (Uri.IsHexDigit(c)) digits.Append(c);
        }
        return Convert.FromHexString(digits.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
