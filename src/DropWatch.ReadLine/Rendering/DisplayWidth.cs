using System.Globalization;
using System.Text;

namespace DropWatch.ReadLine.Rendering;

/// <summary>
/// How many terminal columns a character takes, so the cursor can be moved back over the text
/// after it. A small approximation of wcwidth(3): combining marks take 0, East Asian wide and
/// emoji blocks take 2, everything else 1. Exactness only matters for cursor placement.
/// </summary>
internal static class DisplayWidth
{
    public static int Of(Rune rune)
    {
        int v = rune.Value;
        if (v < 0x300)
        {
            return 1; // fast path: ASCII and Latin-1
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.Format:
                return 0;
        }

        return IsWide(v) ? 2 : 1;
    }

    public static int Of(IEnumerable<Rune> runes)
    {
        int width = 0;
        foreach (Rune r in runes)
        {
            width += Of(r);
        }

        return width;
    }

    private static bool IsWide(int v) =>
        v is (>= 0x1100 and <= 0x115F)      // Hangul Jamo initials
        or (>= 0x2E80 and <= 0x303E)        // CJK radicals, punctuation
        or (>= 0x3041 and <= 0x33FF)        // Kana, CJK compatibility
        or (>= 0x3400 and <= 0x4DBF)        // CJK extension A
        or (>= 0x4E00 and <= 0x9FFF)        // CJK unified ideographs
        or (>= 0xA000 and <= 0xA4CF)        // Yi
        or (>= 0xAC00 and <= 0xD7A3)        // Hangul syllables
        or (>= 0xF900 and <= 0xFAFF)        // CJK compatibility ideographs
        or (>= 0xFE30 and <= 0xFE4F)        // CJK compatibility forms
        or (>= 0xFF00 and <= 0xFF60)        // fullwidth forms
        or (>= 0xFFE0 and <= 0xFFE6)
        or (>= 0x1F300 and <= 0x1F64F)      // pictographs, emoticons
        or (>= 0x1F900 and <= 0x1F9FF)
        or (>= 0x20000 and <= 0x3FFFD);     // CJK extensions B and beyond
}
