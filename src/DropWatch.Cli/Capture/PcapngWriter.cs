using System.Text;
using DropWatch.Cli.Output;

namespace DropWatch.Cli.Capture;

/// <summary>
/// The three pcapng blocks a drop capture needs, in host byte order (the byte-order magic tells a
/// reader which). Every block is <c>type | total length | body | options | total length</c>, the
/// body and each option value padded to 4 bytes; an option is <c>code u16 | length u16 | value</c>,
/// the list ends with code 0, length 0.
/// </summary>
public sealed class PcapngWriter(OutputBuffer output)
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    public const uint InterfaceDescriptionType = 1;
    public const uint EnhancedPacketType = 6;
    public const uint ByteOrderMagic = 0x1A2B3C4D;

    public const ushort OptEndOfOptions = 0;
    public const ushort OptComment = 1;
    public const ushort OptShbUserApplication = 4;
    public const ushort OptIfName = 2;
    public const ushort OptIfTimestampResolution = 9;

    /// <summary>if_tsresol 9: timestamps count nanoseconds (the kernel's unit).</summary>
    public const byte NanosecondResolution = 9;

    public static int Pad(int length) => (length + 3) & ~3;

    private static int OptionLength(int valueLength) => 4 + Pad(valueLength);

    /// <summary>Section header: version 1.0, section length unknown (-1), the writing application.</summary>
    public void WriteSectionHeader(string userApplication)
    {
        int app = Encoding.UTF8.GetByteCount(userApplication);
        int total = 12 + 4 + 8 + OptionLength(app) + 4 + 4;
        Span<byte> b = output.GetSpan(total)[..total];
        b.Clear();
        int at = Begin(b, SectionHeaderType, total);
        at = U32(b, at, ByteOrderMagic);
        at = U16(b, at, 1);
        at = U16(b, at, 0);
        BitConverter.TryWriteBytes(b[at..], -1L);
        at += 8;
        at = OptionHeader(b, at, OptShbUserApplication, app);
        Encoding.UTF8.GetBytes(userApplication, b[at..]);
        at += Pad(app);
        End(b, at, total);
        output.Advance(total);
    }

    /// <summary>One interface: its link type, nanosecond timestamps, and its name when given.</summary>
    public void WriteInterface(ushort linkType, ReadOnlySpan<byte> name)
    {
        int total = 8 + 8 + (name.IsEmpty ? 0 : OptionLength(name.Length)) + OptionLength(1) + 4 + 4;
        Span<byte> b = output.GetSpan(total)[..total];
        b.Clear();
        int at = 8;
        at = U16(b, at, linkType);
        at = U16(b, at, 0);
        at = U32(b, at, 0); // snaplen 0: no limit
        if (!name.IsEmpty)
        {
            at = OptionHeader(b, at, OptIfName, name.Length);
            name.CopyTo(b[at..]);
            at += Pad(name.Length);
        }
        at = OptionHeader(b, at, OptIfTimestampResolution, 1);
        b[at] = NanosecondResolution;
        at += 4;
        Begin(b, InterfaceDescriptionType, total);
        End(b, at, total);
        output.Advance(total);
    }

    /// <summary>
    /// One packet: <paramref name="prefix"/> (a synthesized link header, may be empty) followed by
    /// <paramref name="data"/>; <paramref name="originalLength"/> counts the prefix too.
    /// </summary>
    public void WritePacket(uint interfaceId, ulong timestamp, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data,
        uint originalLength, ReadOnlySpan<byte> comment)
    {
        int captured = prefix.Length + data.Length;
        int head = 8 + 20;
        int options = comment.IsEmpty ? 0 : OptionLength(comment.Length) + 4;
        int total = head + Pad(captured) + options + 4;

        Span<byte> b = output.GetSpan(head)[..head];
        Begin(b, EnhancedPacketType, total);
        int at = U32(b, 8, interfaceId);
        at = U32(b, at, (uint)(timestamp >> 32));
        at = U32(b, at, (uint)timestamp);
        at = U32(b, at, (uint)captured);
        U32(b, at, Math.Max(originalLength, (uint)captured));
        output.Advance(head);
        output.Write(prefix);
        output.Write(data);
        WriteZeros(Pad(captured) - captured);

        int tailLength = options + 4;
        Span<byte> t = output.GetSpan(tailLength)[..tailLength];
        t.Clear();
        at = 0;
        if (!comment.IsEmpty)
        {
            at = OptionHeader(t, at, OptComment, comment.Length);
            comment.CopyTo(t[at..]);
            at += Pad(comment.Length);
            at += 4; // opt_endofopt: already zero
        }
        U32(t, at, (uint)total);
        output.Advance(tailLength);
    }

    private void WriteZeros(int count)
    {
        if (count == 0) return;
        Span<byte> z = output.GetSpan(count)[..count];
        z.Clear();
        output.Advance(count);
    }

    private static int Begin(Span<byte> b, uint type, int total)
    {
        U32(b, 0, type);
        return U32(b, 4, (uint)total);
    }

    // The option list's end marker (zeros, already cleared) and the trailing total length.
    private static void End(Span<byte> b, int at, int total) => U32(b, at + 4, (uint)total);

    private static int OptionHeader(Span<byte> b, int at, ushort code, int length)
    {
        at = U16(b, at, code);
        return U16(b, at, (ushort)length);
    }

    private static int U16(Span<byte> b, int at, ushort v)
    {
        BitConverter.TryWriteBytes(b[at..], v);
        return at + 2;
    }

    private static int U32(Span<byte> b, int at, uint v)
    {
        BitConverter.TryWriteBytes(b[at..], v);
        return at + 4;
    }
}
