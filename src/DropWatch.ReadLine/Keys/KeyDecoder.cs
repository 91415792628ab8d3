using System.Text;

namespace DropWatch.ReadLine.Keys;

/// <summary>
/// Turns the raw bytes of a terminal into key events. It is fed whatever read(2) returned, so an
/// escape sequence or a UTF-8 character may be split across calls: the partial state is kept
/// until the next <see cref="Feed"/>. Decoded keys queue up, which keeps type-ahead and pasted
/// text for the next ReadLine.
///
/// Recognised (xterm/VT100 conventions):
///   CSI  ESC [ params final   A/B/C/D arrows, H/F Home/End, 1~ 7~ Home, 4~ 8~ End, 3~ Delete;
///                              ;3 or ;5 modifiers on C/D mean word moves.
///   SS3  ESC O final          A/B/C/D arrows, H/F Home/End (application cursor mode).
///   ESC b / ESC f             word left/right (Alt-B/Alt-F).
/// Everything else that starts with ESC is swallowed whole: an unknown key must never insert
/// the letters of its sequence into the line.
/// </summary>
internal sealed class KeyDecoder
{
    // CSI sequences are short; anything longer is garbage and only needs to be skipped.
    private const int MaxCsiParameterBytes = 16;

    private enum State
    {
        Ground,
        Escape,       // seen ESC
        Csi,          // seen ESC [
        Ss3,          // seen ESC O
        Utf8,         // inside a multi-byte character
    }

    private readonly Queue<KeyEvent> _keys = new();
    private readonly byte[] _csiParams = new byte[MaxCsiParameterBytes];
    private readonly byte[] _utf8 = new byte[4];
    private State _state = State.Ground;
    private int _csiLength;
    private bool _csiOverflow;
    private int _utf8Length;
    private int _utf8Needed;
    private bool _lastWasCr; // CR LF from a paste or a terminal in CRLF mode is one Enter, not two

    /// <summary>Number of decoded keys waiting to be taken.</summary>
    public int Pending => _keys.Count;

    public bool TryDequeue(out KeyEvent key) => _keys.TryDequeue(out key);

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            Process(b);
        }
    }

    private void Process(byte b)
    {
        switch (_state)
        {
            case State.Ground:
                Ground(b);
                break;
            case State.Escape:
                AfterEscape(b);
                break;
            case State.Csi:
                InCsi(b);
                break;
            case State.Ss3:
                _state = State.Ground;
                EmitIfKnown(b switch
                {
                    (byte)'A' => Key.Up,
                    (byte)'B' => Key.Down,
                    (byte)'C' => Key.Right,
                    (byte)'D' => Key.Left,
                    (byte)'H' => Key.Home,
                    (byte)'F' => Key.End,
                    _ => null,
                });
                break;
            case State.Utf8:
                InUtf8(b);
                break;
        }
    }

    private void Ground(byte b)
    {
        bool wasCr = _lastWasCr;
        _lastWasCr = false;
        switch (b)
        {
            case 0x0D:
                _lastWasCr = true;
                Emit(Key.Enter);
                break;
            case 0x0A:
                if (!wasCr)
                {
                    Emit(Key.Enter);
                }

                break;
            case 0x09:
                Emit(Key.Tab);
                break;
            case 0x08 or 0x7F:
                // Terminals disagree on what Backspace sends; both mean the same here.
                Emit(Key.Backspace);
                break;
            case 0x1B:
                _state = State.Escape;
                break;
            case < 0x20:
                _keys.Enqueue(new KeyEvent(Key.Control, new Rune(b + 0x40)));
                break;
            case < 0x80:
                _keys.Enqueue(KeyEvent.Char((char)b));
                break;
            default:
                StartUtf8(b);
                break;
        }
    }

    private void AfterEscape(byte b)
    {
        _state = State.Ground;
        switch (b)
        {
            case (byte)'[':
                _state = State.Csi;
                _csiLength = 0;
                _csiOverflow = false;
                break;
            case (byte)'O':
                _state = State.Ss3;
                break;
            case (byte)'b':
                Emit(Key.WordLeft);
                break;
            case (byte)'f':
                Emit(Key.WordRight);
                break;
            case 0x1B:
                // ESC ESC: the first one was a lone Escape press; the second may start a sequence.
                _state = State.Escape;
                break;
            case < 0x20 or >= 0x80:
                // A lone ESC followed by Enter, Ctrl-C or a non-ASCII character: drop the ESC but
                // keep the key, so an accidental Escape press never eats the next key.
                Ground(b);
                break;
            default:
                // Alt plus some other key: no binding, swallowed.
                break;
        }
    }

    private void InCsi(byte b)
    {
        if (b is >= 0x20 and <= 0x3F)
        {
            // Parameter (0-9 ; < = > ?) or intermediate byte.
            if (_csiLength < _csiParams.Length)
            {
                _csiParams[_csiLength++] = b;
            }
            else
            {
                _csiOverflow = true;
            }

            return;
        }

        _state = State.Ground;
        if (b is >= 0x40 and <= 0x7E)
        {
            if (!_csiOverflow)
            {
                EmitIfKnown(MapCsi(_csiParams.AsSpan(0, _csiLength), b));
            }

            return;
        }

        // A control byte cannot be part of a sequence: the sequence was cut short (swallowed),
        // and the byte is a key of its own.
        Ground(b);
    }

    private static Key? MapCsi(ReadOnlySpan<byte> parameters, byte final)
    {
        int separator = parameters.IndexOf((byte)';');
        ReadOnlySpan<byte> first = separator < 0 ? parameters : parameters[..separator];
        ReadOnlySpan<byte> modifier = separator < 0 ? default : parameters[(separator + 1)..];
        // xterm modifier codes: 3 = Alt, 5 = Ctrl (and 7 = Ctrl+Alt).
        bool wordModifier = modifier.SequenceEqual("3"u8) || modifier.SequenceEqual("5"u8) || modifier.SequenceEqual("7"u8);

        return final switch
        {
            (byte)'A' => Key.Up,
            (byte)'B' => Key.Down,
            (byte)'C' => wordModifier ? Key.WordRight : Key.Right,
            (byte)'D' => wordModifier ? Key.WordLeft : Key.Left,
            (byte)'H' => Key.Home,
            (byte)'F' => Key.End,
            (byte)'~' => first switch
            {
                [(byte)'1'] or [(byte)'7'] => Key.Home,
                [(byte)'4'] or [(byte)'8'] => Key.End,
                [(byte)'3'] => Key.Delete,
                _ => null, // Insert, Page Up/Down, function keys: no binding
            },
            _ => null,
        };
    }

    private void StartUtf8(byte lead)
    {
        int needed = lead switch
        {
            >= 0xC2 and <= 0xDF => 1,
            >= 0xE0 and <= 0xEF => 2,
            >= 0xF0 and <= 0xF4 => 3,
            _ => -1, // stray continuation byte or a lead byte UTF-8 never uses
        };

        if (needed < 0)
        {
            _keys.Enqueue(KeyEvent.Char(Rune.ReplacementChar));
            return;
        }

        _utf8[0] = lead;
        _utf8Length = 1;
        _utf8Needed = needed;
        _state = State.Utf8;
    }

    private void InUtf8(byte b)
    {
        if ((b & 0xC0) != 0x80)
        {
            // The character was cut short; it becomes U+FFFD and this byte starts over.
            _state = State.Ground;
            _keys.Enqueue(KeyEvent.Char(Rune.ReplacementChar));
            Ground(b);
            return;
        }

        _utf8[_utf8Length++] = b;
        if (--_utf8Needed > 0)
        {
            return;
        }

        _state = State.Ground;
        // DecodeFromUtf8 rejects overlong forms and surrogates that the lead-byte check let through.
        Rune rune = Rune.DecodeFromUtf8(_utf8.AsSpan(0, _utf8Length), out Rune decoded, out _) == System.Buffers.OperationStatus.Done
            ? decoded
            : Rune.ReplacementChar;
        _keys.Enqueue(KeyEvent.Char(rune));
    }

    private void Emit(Key key) => _keys.Enqueue(KeyEvent.Of(key));

    private void EmitIfKnown(Key? key)
    {
        if (key is { } k)
        {
            Emit(k);
        }
    }
}
