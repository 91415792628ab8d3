using System.Buffers;
using System.Text;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// Low-level writer of the Prometheus text exposition format (version 0.0.4) into a reusable
/// buffer: names and numbers as ASCII, label values escaped as the format requires
/// (<c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, newline → <c>\n</c>), everything UTF-8.
/// </summary>
public sealed class ExpositionWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>The <c># HELP</c> and <c># TYPE</c> lines of one metric family.</summary>
    public void Family(string name, string type, string help)
    {
        Raw("# HELP "u8);
        Ascii(name);
        Raw(" "u8);
        Help(help);
        Raw("\n# TYPE "u8);
        Ascii(name);
        Raw(" "u8);
        Ascii(type);
        Raw("\n"u8);
    }

    /// <summary>A sample without labels.</summary>
    public void Sample(string name, long value)
    {
        Ascii(name);
        Raw(" "u8);
        Number(value);
        Raw("\n"u8);
    }

    /// <summary>A sample with up to three labels; a label whose name is null is left out.</summary>
    public void Sample(string name, string label1, string value1, string? label2, string value2, string? label3, string value3, long value)
    {
        Ascii(name);
        Raw("{"u8);
        Label(label1, value1);
        if (label2 is not null)
        {
            Raw(","u8);
            Label(label2, value2);
        }
        if (label3 is not null)
        {
            Raw(","u8);
            Label(label3, value3);
        }
        Raw("} "u8);
        Number(value);
        Raw("\n"u8);
    }

    private void Label(string name, string value)
    {
        Ascii(name);
        Raw("=\""u8);
        Escaped(value, escapeQuote: true);
        Raw("\""u8);
    }

    // HELP text escapes backslash and newline only.
    private void Help(string text) => Escaped(text, escapeQuote: false);

    private void Escaped(string value, bool escapeQuote)
    {
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            ReadOnlySpan<byte> escape = c switch
            {
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                '"' when escapeQuote => "\\\""u8,
                _ => default,
            };
            if (escape.IsEmpty)
                continue;
            Utf8(value.AsSpan(start, i - start));
            Raw(escape);
            start = i + 1;
        }
        Utf8(value.AsSpan(start));
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return;
        Span<byte> into = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, into));
    }

    private void Ascii(string text) => Utf8(text);

    private void Number(long value)
    {
        Span<byte> into = _buffer.GetSpan(20);
        value.TryFormat(into, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        _buffer.Advance(written);
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
