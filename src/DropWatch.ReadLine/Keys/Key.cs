namespace DropWatch.ReadLine.Keys;

/// <summary>What a key press means, after escape sequences and UTF-8 have been decoded.</summary>
internal enum Key
{
    /// <summary>A printable character; see <see cref="KeyEvent.Rune"/>.</summary>
    Character,

    /// <summary>A control byte 0x00-0x1F without a dedicated meaning; see <see cref="KeyEvent.ControlLetter"/>.</summary>
    Control,

    Enter,
    Tab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,

    /// <summary>Ctrl-Left, Alt-Left or Alt-B.</summary>
    WordLeft,

    /// <summary>Ctrl-Right, Alt-Right or Alt-F.</summary>
    WordRight,
}
