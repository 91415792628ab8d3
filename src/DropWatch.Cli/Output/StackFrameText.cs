using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Output;

/// <summary>One resolved <c>--stack</c> frame as text, <c>function+0xoff</c> or <c>function+0xoff [module]</c>, built on the stack.</summary>
public static class StackFrameText
{
    private const int MaxLength = 512;

    public static void Write(Utf8JsonWriter json, in SymbolMatch frame)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        json.WriteStringValue(text[..Format(frame, text)]);
    }

    public static void Write(OutputBuffer output, in SymbolMatch frame)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        output.Write(text[..Format(frame, text)]);
    }

    private static int Format(in SymbolMatch frame, Span<byte> text)
    {
        // Kernel names are far shorter than this; a pathological one is cut rather than overflowing.
        int n = Encoding.UTF8.GetBytes(frame.Name.AsSpan(0, Math.Min(frame.Name.Length, 200)), text);
        text[n++] = (byte)'+';
        text[n++] = (byte)'0';
        text[n++] = (byte)'x';
        Utf8Formatter.TryFormat(frame.Offset, text[n..], out int written, new System.Buffers.StandardFormat('x'));
        n += written;
        if (frame.Module is { } module)
        {
            text[n++] = (byte)' ';
            text[n++] = (byte)'[';
            n += Encoding.UTF8.GetBytes(module.AsSpan(0, Math.Min(module.Length, 200)), text[n..]);
            text[n++] = (byte)']';
        }
        return n;
    }
}
