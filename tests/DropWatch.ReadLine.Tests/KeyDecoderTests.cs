using System.Text;
using DropWatch.ReadLine.Keys;

namespace DropWatch.ReadLine.Tests;

public sealed class KeyDecoderTests
{
    private static List<KeyEvent> Decode(params byte[][] chunks)
    {
        var decoder = new KeyDecoder();
        foreach (byte[] chunk in chunks)
        {
            decoder.Feed(chunk);
        }

        var keys = new List<KeyEvent>();
        while (decoder.TryDequeue(out KeyEvent key))
        {
            keys.Add(key);
        }

        return keys;
    }

    private static List<KeyEvent> Decode(string text) => Decode(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("\u001b[A", "Up")]
    [InlineData("\u001b[B", "Down")]
    [InlineData("\u001b[C", "Right")]
    [InlineData("\u001b[D", "Left")]
    [InlineData("\u001bOA", "Up")]
    [InlineData("\u001bOB", "Down")]
    [InlineData("\u001bOC", "Right")]
    [InlineData("\u001bOD", "Left")]
    [InlineData("\u001b[H", "Home")]
    [InlineData("\u001b[F", "End")]
    [InlineData("\u001bOH", "Home")]
    [InlineData("\u001bOF", "End")]
    [InlineData("\u001b[1~", "Home")]
    [InlineData("\u001b[7~", "Home")]
    [InlineData("\u001b[4~", "End")]
    [InlineData("\u001b[8~", "End")]
    [InlineData("\u001b[3~", "Delete")]
    [InlineData("\u001b[1;5C", "WordRight")]
    [InlineData("\u001b[1;5D", "WordLeft")]
    [InlineData("\u001b[1;3C", "WordRight")]
    [InlineData("\u001b[1;2A", "Up")]
    [InlineData("\u001bb", "WordLeft")]
    [InlineData("\u001bf", "WordRight")]
    [InlineData("\r", "Enter")]
    [InlineData("\n", "Enter")]
    [InlineData("\t", "Tab")]
    [InlineData("\u007f", "Backspace")]
    [InlineData("\b", "Backspace")]
    public void Each_sequence_decodes_to_its_key(string sequence, string expected)
    {
        // The key is named in the data because Key is internal and theory parameters are public.
        Assert.Equal(new[] { KeyEvent.Of(Enum.Parse<Key>(expected)) }, Decode(sequence));
    }

    [Theory]
    [InlineData("\u001b[A")]
    [InlineData("\u001bOH")]
    [InlineData("\u001b[3~")]
    [InlineData("\u001b[1;5C")]
    public void A_sequence_split_byte_by_byte_across_reads_decodes_the_same(string sequence)
    {
        byte[][] chunks = Encoding.ASCII.GetBytes(sequence).Select(b => new[] { b }).ToArray();

        Assert.Equal(Decode(sequence), Decode(chunks));
        Assert.Single(Decode(chunks));
    }

    [Fact]
    public void Decoding_state_survives_between_feeds()
    {
        var decoder = new KeyDecoder();
        decoder.Feed("\u001b["u8);

        Assert.Equal(0, decoder.Pending);

        decoder.Feed("Dx"u8);

        Assert.True(decoder.TryDequeue(out KeyEvent first));
        Assert.True(decoder.TryDequeue(out KeyEvent second));
        Assert.Equal(KeyEvent.Of(Key.Left), first);
        Assert.Equal(KeyEvent.Char('x'), second);
    }

    [Theory]
    [InlineData("\u001b[2~")]       // Insert
    [InlineData("\u001b[5~")]       // Page Up
    [InlineData("\u001b[15~")]      // F5
    [InlineData("\u001bOP")]        // F1
    [InlineData("\u001b[Z")]        // Shift-Tab
    [InlineData("\u001b[200~")]     // bracketed paste start
    [InlineData("\u001bx")]         // Alt-X
    [InlineData("\u001b[12;34;56;78;90;12;34;56m")] // over-long parameters
    public void Unknown_sequences_are_swallowed_whole(string sequence)
    {
        Assert.Equal(new[] { KeyEvent.Char('a'), KeyEvent.Char('b') }, Decode("a" + sequence + "b"));
    }

    [Fact]
    public void A_control_byte_inside_a_sequence_cuts_it_short_and_counts_as_a_key()
    {
        Assert.Equal(new[] { KeyEvent.Of(Key.Enter) }, Decode("\u001b[1\r"));
    }

    [Fact]
    public void Escape_before_Enter_does_not_eat_the_Enter()
    {
        Assert.Equal(new[] { KeyEvent.Of(Key.Enter) }, Decode("\u001b\r"));
    }

    [Fact]
    public void Escape_escape_then_a_sequence_gives_the_sequence()
    {
        Assert.Equal(new[] { KeyEvent.Of(Key.Up) }, Decode("\u001b\u001b[A"));
    }

    [Fact]
    public void CR_LF_is_one_Enter_but_LF_LF_is_two()
    {
        Assert.Single(Decode("\r\n"));
        Assert.Equal(2, Decode("\n\n").Count);
        Assert.Equal(2, Decode("\r\r").Count);
    }

    [Fact]
    public void CR_LF_split_across_reads_is_still_one_Enter()
    {
        Assert.Single(Decode("\r"u8.ToArray(), "\n"u8.ToArray()));
    }

    [Theory]
    [InlineData(0x01, 'A')]
    [InlineData(0x03, 'C')]
    [InlineData(0x04, 'D')]
    [InlineData(0x0B, 'K')]
    [InlineData(0x0C, 'L')]
    [InlineData(0x15, 'U')]
    [InlineData(0x17, 'W')]
    [InlineData(0x1A, 'Z')]
    [InlineData(0x00, '@')]
    public void Control_bytes_decode_to_their_letter(byte b, char letter)
    {
        List<KeyEvent> keys = Decode(new[] { b });

        KeyEvent key = Assert.Single(keys);
        Assert.Equal(Key.Control, key.Key);
        Assert.Equal(letter, key.ControlLetter);
    }

    [Fact]
    public void Printable_ASCII_decodes_to_characters()
    {
        Assert.Equal("set x~", string.Concat(Decode("set x~").Select(k => k.Rune.ToString())));
        Assert.All(Decode("set x~"), k => Assert.Equal(Key.Character, k.Key));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("☃")]
    [InlineData("𝄞")]
    [InlineData("中")]
    public void Multi_byte_UTF8_decodes_to_one_character_even_split_across_reads(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        byte[][] oneByteChunks = bytes.Select(b => new[] { b }).ToArray();

        KeyEvent whole = Assert.Single(Decode(bytes));
        KeyEvent split = Assert.Single(Decode(oneByteChunks));

        Assert.Equal(KeyEvent.Char(Rune.GetRuneAt(text, 0)), whole);
        Assert.Equal(whole, split);
    }

    [Fact]
    public void Invalid_UTF8_becomes_replacement_characters_and_the_next_byte_is_kept()
    {
        // FF never appears in UTF-8; C3 followed by 'x' is a truncated character.
        List<KeyEvent> keys = Decode(new byte[] { 0xFF, 0xC3, (byte)'x' });

        Assert.Equal(new[] { KeyEvent.Char(Rune.ReplacementChar), KeyEvent.Char(Rune.ReplacementChar), KeyEvent.Char('x') }, keys);
    }

    [Fact]
    public void Overlong_UTF8_is_rejected()
    {
        // E0 80 AF is an overlong '/'.
        Assert.Equal(new[] { KeyEvent.Char(Rune.ReplacementChar) }, Decode(new byte[] { 0xE0, 0x80, 0xAF }));
    }
}
