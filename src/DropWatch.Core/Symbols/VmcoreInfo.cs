using System.Buffers.Binary;

namespace DropWatch.Core.Symbols;

/// <summary>
/// Finds <c>KERNELOFFSET=</c> (the KASLR slide, hex) in the VMCOREINFO note of an ELF core image such as
/// <c>/proc/kcore</c> (which carries that note since Linux 4.19 and needs CAP_SYS_RAWIO to read).
/// </summary>
/// <remarks>
/// Layout used (ELF64, either byte order):
/// <code>
/// ELF header   e_ident[0..4] = 7f 'E' 'L' 'F', e_ident[4] = class (2: 64-bit), e_ident[5] = data (1: LE, 2: BE)
///              e_phoff @32 (8), e_phentsize @54 (2), e_phnum @56 (2)
/// phdr         p_type @0 (4; PT_NOTE = 4), p_offset @8 (8), p_filesz @32 (8)
/// note         n_namesz (4) n_descsz (4) n_type (4) name (n_namesz, padded to 4) desc (n_descsz, padded to 4)
/// </code>
/// The note's name is <c>VMCOREINFO</c>; its descriptor is text lines <c>KEY=VALUE\n</c>, and the kernel
/// writes <c>KERNELOFFSET=%lx</c>.
/// </remarks>
public static class VmcoreInfo
{
    private const uint PtNote = 4;
    private const int HeaderSize = 64;
    private const int PhdrSize = 56;
    private const ulong MaxNoteSegment = 16 << 20; // kcore's notes are a few KiB; refuse absurd sizes

    /// <summary>Searches a complete in-memory ELF image (headers and note segments included).</summary>
    public static bool TryGetKernelOffset(ReadOnlySpan<byte> elfImage, out ulong kernelOffset)
    {
        kernelOffset = 0;
        if (!TryReadHeader(elfImage, out bool bigEndian, out ulong phoff, out int phentsize, out int phnum)) return false;
        if (!TrySlice(elfImage, phoff, (ulong)phentsize * (ulong)phnum, out ReadOnlySpan<byte> phdrs)) return false;
        for (int i = 0; i < phnum; i++)
        {
            if (!TryReadNoteSegment(phdrs.Slice(i * phentsize, PhdrSize), bigEndian, out ulong offset, out ulong size)) continue;
            if (TrySlice(elfImage, offset, size, out ReadOnlySpan<byte> notes) && TryFindInNotes(notes, bigEndian, out kernelOffset))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Reads only the headers and note segments of the file at <paramref name="path"/> (kcore is as large as
    /// the address space). Returns null and the offset on success, otherwise a human-readable reason.
    /// </summary>
    public static string? TryReadKernelOffset(string path, out ulong kernelOffset)
    {
        kernelOffset = 0;
        if (KernelFile.TryOpen(path, out KernelFile? file) is { } openError) return openError.Message;
        using (file)
        {
            byte[] header = new byte[HeaderSize];
            if (file!.ReadAt(header, 0, out FileError? error) < 0) return error!.Value.Message;
            if (!TryReadHeader(header, out bool bigEndian, out ulong phoff, out int phentsize, out int phnum))
                return $"{path}: not a 64-bit ELF core image";

            byte[] phdrs = new byte[phentsize * phnum];
            if (phoff > long.MaxValue || file.ReadAt(phdrs, (long)phoff, out error) != phdrs.Length)
                return error?.Message ?? $"{path}: program headers truncated";

            for (int i = 0; i < phnum; i++)
            {
                if (!TryReadNoteSegment(phdrs.AsSpan(i * phentsize, PhdrSize), bigEndian, out ulong offset, out ulong size)) continue;
                if (size > MaxNoteSegment || offset > long.MaxValue) continue;
                byte[] notes = new byte[size];
                int read = file.ReadAt(notes, (long)offset, out error);
                if (read < 0) return error!.Value.Message;
                if (TryFindInNotes(notes.AsSpan(0, read), bigEndian, out kernelOffset)) return null;
            }

            return $"{path}: no VMCOREINFO note with KERNELOFFSET";
        }
    }

    /// <summary>Validates the ELF header; false unless it is ELF64 with a sane program header table.</summary>
    internal static bool TryReadHeader(ReadOnlySpan<byte> image, out bool bigEndian, out ulong phoff, out int phentsize, out int phnum)
    {
        bigEndian = false;
        phoff = 0;
        phentsize = phnum = 0;
        if (image.Length < HeaderSize || !image[..4].SequenceEqual("\u007fELF"u8) || image[4] != 2 || image[5] is not (1 or 2))
            return false;

        bigEndian = image[5] == 2;
        phoff = ReadU64(image[32..], bigEndian);
        phentsize = ReadU16(image[54..], bigEndian);
        phnum = ReadU16(image[56..], bigEndian);
        return phentsize is >= PhdrSize and <= 256 && phnum > 0;
    }

    /// <summary>The file range of a PT_NOTE program header; false for any other type.</summary>
    internal static bool TryReadNoteSegment(ReadOnlySpan<byte> phdr, bool bigEndian, out ulong offset, out ulong size)
    {
        offset = size = 0;
        if (ReadU32(phdr, bigEndian) != PtNote) return false;
        offset = ReadU64(phdr[8..], bigEndian);
        size = ReadU64(phdr[32..], bigEndian);
        return true;
    }

    /// <summary>Walks the notes of one segment; finds the VMCOREINFO note and its KERNELOFFSET line.</summary>
    internal static bool TryFindInNotes(ReadOnlySpan<byte> notes, bool bigEndian, out ulong kernelOffset)
    {
        kernelOffset = 0;
        while (notes.Length >= 12)
        {
            uint nameSize = ReadU32(notes, bigEndian);
            uint descSize = ReadU32(notes[4..], bigEndian);
            ulong nameSpan = Align4(nameSize), descSpan = Align4(descSize);
            if (12 + nameSpan + descSpan > (ulong)notes.Length) return false;

            ReadOnlySpan<byte> name = notes.Slice(12, (int)nameSize).TrimEnd((byte)0);
            ReadOnlySpan<byte> desc = notes.Slice(12 + (int)nameSpan, (int)descSize);
            if (name.SequenceEqual("VMCOREINFO"u8)) return TryParseKernelOffset(desc, out kernelOffset);
            notes = notes[(12 + (int)nameSpan + (int)descSpan)..];
        }

        return false;
    }

    /// <summary>Finds the line <c>KERNELOFFSET=hex</c> in VMCOREINFO text.</summary>
    internal static bool TryParseKernelOffset(ReadOnlySpan<byte> text, out ulong kernelOffset)
    {
        kernelOffset = 0;
        ReadOnlySpan<byte> key = "KERNELOFFSET="u8;
        foreach (Range range in text.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = text[range].TrimEnd((byte)0);
            if (!line.StartsWith(key)) continue;
            ReadOnlySpan<byte> digits = line[key.Length..];
            return digits.Length is > 0 and <= 16 && TryParseHex(digits, out kernelOffset);
        }

        return false;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        foreach (byte c in digits)
        {
            int nibble = HexValue(c);
            if (nibble < 0) return false;
            value = (value << 4) | (uint)nibble;
        }

        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool TrySlice(ReadOnlySpan<byte> image, ulong offset, ulong length, out ReadOnlySpan<byte> slice)
    {
        slice = default;
        if (offset > (ulong)image.Length || (ulong)image.Length - offset < length) return false;
        slice = image.Slice((int)offset, (int)length);
        return true;
    }

    private static ulong Align4(uint size) => ((ulong)size + 3) & ~3UL;

    private static ushort ReadU16(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private static uint ReadU32(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private static ulong ReadU64(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
}
