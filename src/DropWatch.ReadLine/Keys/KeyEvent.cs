using System.Text;

namespace DropWatch.ReadLine.Keys;

/// <summary>One decoded key press.</summary>
/// <param name="Key">The kind of key.</param>
/// <param name="Rune">The character, for <see cref="Key.Character"/>; the control letter ('A' for Ctrl-A) for <see cref="Key.Control"/>.</param>
internal readonly record struct KeyEvent(Key Key, Rune Rune = default)
{
    public static KeyEvent Of(Key key) => new(key);

    public static KeyEvent Char(Rune rune) => new(Key.Character, rune);

    public static KeyEvent Char(char c) => new(Key.Character, new Rune(c));

    /// <summary>For <see cref="Key.Control"/>: the letter in caret notation ('C' for Ctrl-C, '@' for NUL).</summary>
    public char ControlLetter => Key == Key.Control ? (char)Rune.Value : '\0';

    public override string ToString() => Key switch
    {
        Key.Character => $"Char({Rune})",
        Key.Control => $"Ctrl-{ControlLetter}",
        _ => Key.ToString(),
    };
}
