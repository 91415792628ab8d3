using System.Buffers.Binary;
using System.Text;
using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class VmcoreInfoTests
{
    /// <summary>
    /// Builds a minimal ELF64 core: header, two program headers (a PT_LOAD to skip, then PT_NOTE), and a note
    /// segment holding a CORE note followed by the VMCOREINFO note, as /proc/kcore lays them out.
    /// </summary>
    private static byte[] CoreImage(string vmcoreinfo, bool bigEndian = false)
    {
        var notes = new List<byte>();
        AppendNote(notes, "CORE", 1, new byte[20], bigEndian);
        AppendNote(notes, "VMCOREINFO", 0, Encoding.ASCII.GetBytes(vmcoreinfo), bigEndian);

        const int header = 64, phdr = 56;
        int noteOffset = header + 2 * phdr;
        byte[] image = new byte[noteOffset + notes.Count];
        "\u007fELF"u8.CopyTo(image);
        image[4] = 2;                     // ELFCLASS64
        image[5] = bigEndian ? (byte)2 : (byte)1;
        image[6] = 1;                     // EV_CURRENT
        Write16(image, 16, 4, bigEndian); // ET_CORE
        Write64(image, 32, header, bigEndian);  // e_phoff
        Write16(image, 52, header, bigEndian);  // e_ehsize
        Write16(image, 54, phdr, bigEndian);    // e_phentsize
        Write16(image, 56, 2, bigEndian);       // e_phnum

        Write32(image, header, 1, bigEndian);                     // PT_LOAD
        Write64(image, header + 8, 0x1000000, bigEndian);         // p_offset outside the image: must not be read
        Write64(image, header + 32, 0x1000, bigEndian);

        Write32(image, header + phdr, 4, bigEndian);              // PT_NOTE
        Write64(image, header + phdr + 8, (ulong)noteOffset, bigEndian);
        Write64(image, header + phdr + 32, (ulong)notes.Count, bigEndian);

        notes.CopyTo(image, noteOffset);
        return image;
    }

    private static void AppendNote(List<byte> notes, string name, uint type, byte[] desc, bool bigEndian)
    {
        byte[] field = new byte[12];
        Write32(field, 0, (uint)name.Length + 1, bigEndian);
        Write32(field, 4, (uint)desc.Length, bigEndian);
        Write32(field, 8, type, bigEndian);
        notes.AddRange(field);
        notes.AddRange(Encoding.ASCII.GetBytes(name));
        notes.Add(0);
        while (notes.Count % 4 != 0) notes.Add(0);
        notes.AddRange(desc);
        while (notes.Count % 4 != 0) notes.Add(0);
    }

    private static void Write16(byte[] b, int at, int v, bool be) { if (be) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)v); }

    private static void Write32(byte[] b, int at, uint v, bool be) { if (be) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v); else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v); }

    private static void Write64(byte[] b, int at, ulong v, bool be) { if (be) BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(at), v); else BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v); }

    private const string Info = "OSRELEASE=6.1.0\nPAGESIZE=4096\nKERNELOFFSET=1c600000\nNUMBER(phys_base)=0\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Finds_KERNELOFFSET_in_the_VMCOREINFO_note(bool bigEndian)
    {
        Assert.True(VmcoreInfo.TryGetKernelOffset(CoreImage(Info, bigEndian), out ulong offset));
        Assert.Equal(0x1c600000UL, offset);
    }

    [Fact]
    public void Reads_the_offset_from_a_file_through_pread()
    {
        using var file = new TempFile(CoreImage(Info));

        Assert.Null(VmcoreInfo.TryReadKernelOffset(file.Path, out ulong offset));
        Assert.Equal(0x1c600000UL, offset);
    }

    [Fact]
    public void Note_without_KERNELOFFSET_gives_no_offset()
    {
        Assert.False(VmcoreInfo.TryGetKernelOffset(CoreImage("OSRELEASE=6.1.0\nPAGESIZE=4096\n"), out _));
        using var file = new TempFile(CoreImage("OSRELEASE=6.1.0\n"));
        Assert.Contains("no VMCOREINFO note", VmcoreInfo.TryReadKernelOffset(file.Path, out _));
    }

    [Fact]
    public void Bad_hex_is_rejected()
    {
        Assert.False(VmcoreInfo.TryGetKernelOffset(CoreImage("KERNELOFFSET=12zz\n"), out _));
    }

    [Fact]
    public void Truncated_and_non_elf_images_do_not_crash()
    {
        byte[] image = CoreImage(Info);
        for (int length = 0; length < image.Length; length++)
            Assert.False(VmcoreInfo.TryGetKernelOffset(image.AsSpan(0, length), out _));

        Assert.False(VmcoreInfo.TryGetKernelOffset("not an elf file at all, just text padding it out to 64 bytes....."u8, out _));
        using var file = new TempFile("plain text\n");
        Assert.Contains("not a 64-bit ELF", VmcoreInfo.TryReadKernelOffset(file.Path, out _));
    }

    [Fact]
    public void Corrupt_note_sizes_do_not_crash()
    {
        byte[] image = CoreImage(Info);
        const int firstNote = 64 + 2 * 56;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(firstNote + 4), uint.MaxValue); // descsz
        Assert.False(VmcoreInfo.TryGetKernelOffset(image, out _));
    }

    [Fact]
    public void Vmcoreinfo_slide_relocates_the_map_when_kallsyms_is_hidden()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());
        using var hidden = new TempFile(SyntheticKernel.Hidden());
        using var kcore = new TempFile(CoreImage(Info));
        var paths = new KernelPaths { Kallsyms = hidden.Path, Kcore = kcore.Path, Cmdline = TempFile.MissingPath() };

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.SystemMap, new ResolverOptions { Paths = paths, SystemMapPath = map.Path });

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(new KaslrSlide(0x1c600000, KaslrSlideSource.VmcoreInfo), ((SystemMapResolver)result.Resolver).Slide);
        Assert.True(result.Resolver.TryResolve(SyntheticKernel.LinkBase + 0x1c600000 + 0x1008, out SymbolMatch match));
        Assert.Equal(new SymbolMatch("kfree_skb_reason", 8, null), match);
    }
}
