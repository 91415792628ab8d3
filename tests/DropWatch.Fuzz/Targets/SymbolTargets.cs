using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using DropWatch.Core.Symbols;

namespace DropWatch.Fuzz.Targets;

/// <summary>
/// The symbol side: the kallsyms/System.map line parser and table builder in memory, the loaders on real
/// files (including FIFOs and devices, which must be refused at once), and the VMCOREINFO note reader.
/// Loaders report failure in their result; none may throw.
/// </summary>
internal static class SymbolTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("symbol-lines", 10, LineSeeds, BuildTable);
        yield return new FuzzTarget("symbol-files", 2, LineSeeds, LoadFiles);
        yield return new FuzzTarget("odd-files", 1, () => [[0], [1], [2], [3], [4]], LoadOddFile);
        yield return new FuzzTarget("vmcoreinfo", 6, VmcoreSeeds, FindKernelOffset);
    }

    private static IReadOnlyList<byte[]> LineSeeds() =>
    [
        Seeds.CapturedFile("kallsyms.txt"),
        Seeds.CapturedFile("kallsyms-6.18.excerpt.txt")[..Math.Min(4096, Seeds.CapturedFile("kallsyms-6.18.excerpt.txt").Length)],
        Encoding.UTF8.GetBytes(
            "ffffffff81000000 T _stext\nffffffff81000000 T _text\nffffffff81000100 T core_fn\nffffffff81200000 T _etext\n" +
            "ffffffffc0800200 t mod_b\t[mymod]\nffffffffc0800000 t mod_a\t[mymod]\nffffffffc0900000 t other\t[m2]\r\n" +
            "ffffffffc0800100 d mod_data\t[mymod]\nffffffff82000000 D _end\n0000000000000000 A hidden\n"),
    ];

    private static Outcome BuildTable(byte[] input)
    {
        var builder = new SymbolTableBuilder(16);
        var parser = new SymbolLineParser(builder, SymbolKinds.Text);
        foreach (Range line in input.AsSpan().Split((byte)'\n')) parser.OnLine(input.AsSpan()[line]);
        SymbolTable table = builder.Build();
        Probe(table, input);
        if (table.TryRelocate(input.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(input) : 0x1c600000, out SymbolTable moved))
            Probe(moved, input);
        _ = table.TryGetAddress("_text", out _);
        return table.Count > 0 ? Outcome.Accepted : Outcome.Rejected;
    }

    // Lookups at addresses the input suggests (its hex-looking 8-byte windows) and at the edges.
    private static void Probe(SymbolTable table, byte[] input)
    {
        Span<ulong> probes = [0, 1, ulong.MaxValue, 0xffffffff81000000, 0xffffffff81000104, 0xffffffffc0800010, table.Anchors.Text + 1];
        foreach (ulong address in probes) Check(table, address);
        for (int at = 0; at + 8 <= input.Length && at < 256; at += 8)
            Check(table, BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(at)));
    }

    private static void Check(SymbolTable table, ulong address)
    {
        if (!table.TryFindExtent(address, out SymbolMatch match, out ulong size)) return;
        if (match.Offset >= size) throw new InvariantException($"offset 0x{match.Offset:x} is not inside the symbol's 0x{size:x} bytes");
        if (match.Name is null) throw new InvariantException("match without a name");
    }

    // In memory where there is a tmpfs, so disk latency does not count against the 1 s bound.
    private static readonly string FilePath = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"dropwatch-fuzz-{Environment.ProcessId}.map");

    private static Outcome LoadFiles(byte[] input)
    {
        File.WriteAllBytes(FilePath, input);
        SymbolLoadResult kallsyms = KallsymsLoader.Load(FilePath);
        SymbolLoadResult map = SystemMapLoader.LoadRelocated(FilePath, 0x1c600000);
        KallsymsProbeResult probe = KallsymsProbe.Probe(FilePath);
        _ = VmcoreInfo.TryReadKernelOffset(FilePath, out _);
        if (!kallsyms.Succeeded && kallsyms.Message.Length == 0) throw new InvariantException("failed load without a message");
        if (probe.Visibility != KallsymsVisibility.Visible && probe.Message is null) throw new InvariantException("probe failed without a message");
        return kallsyms.Succeeded && map.Succeeded ? Outcome.Accepted : Outcome.Rejected;
    }

    private static readonly Lazy<string> Fifo = new(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"dropwatch-fuzz-{Environment.ProcessId}.fifo");
        File.Delete(path);
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        return path;
    });

    // Each loader on a file that is not regular: it must refuse at once (the campaign's 1 s bound).
    private static Outcome LoadOddFile(byte[] input)
    {
        string path = (input.Length == 0 ? 0 : input[0] % 5) switch
        {
            0 => "/dev/zero",
            1 => "/dev/null",
            2 => "/dev/urandom",
            3 => Fifo.Value,
            _ => "/",
        };
        SymbolLoadResult kallsyms = KallsymsLoader.Load(path);
        SymbolLoadResult map = SystemMapLoader.LoadRelocated(path, 0x1000);
        KallsymsProbeResult probe = KallsymsProbe.Probe(path);
        string? vmcore = VmcoreInfo.TryReadKernelOffset(path, out _);
        if (kallsyms.Succeeded || map.Succeeded || probe.Visibility == KallsymsVisibility.Visible || vmcore is null)
            throw new InvariantException($"{path} was not refused");
        return Outcome.Rejected;
    }

    public static void CleanUp()
    {
        File.Delete(FilePath);
        if (Fifo.IsValueCreated) File.Delete(Fifo.Value);
    }

    private static IReadOnlyList<byte[]> VmcoreSeeds() =>
        [CoreImage("OSRELEASE=6.1.0\nKERNELOFFSET=1c600000\n", false), CoreImage("KERNELOFFSET=3a000000\n", true), CoreImage("PAGESIZE=4096\n", false)];

    private static Outcome FindKernelOffset(byte[] input) =>
        VmcoreInfo.TryGetKernelOffset(input, out _) ? Outcome.Accepted : Outcome.Rejected;

    /// <summary>A minimal ELF64 core: header, a PT_LOAD pointing outside the image, a PT_NOTE with CORE and VMCOREINFO notes.</summary>
    private static byte[] CoreImage(string vmcoreinfo, bool bigEndian)
    {
        var notes = new List<byte>();
        Note(notes, "CORE", 1, new byte[20], bigEndian);
        Note(notes, "VMCOREINFO", 0, Encoding.ASCII.GetBytes(vmcoreinfo), bigEndian);
        const int header = 64, phdr = 56;
        int noteOffset = header + 2 * phdr;
        byte[] image = new byte[noteOffset + notes.Count];
        "\u007fELF"u8.CopyTo(image);
        image[4] = 2;
        image[5] = bigEndian ? (byte)2 : (byte)1;
        image[6] = 1;
        Put(image, 16, 4, 2, bigEndian);
        Put(image, 32, header, 8, bigEndian);
        Put(image, 52, header, 2, bigEndian);
        Put(image, 54, phdr, 2, bigEndian);
        Put(image, 56, 2, 2, bigEndian);
        Put(image, header, 1, 4, bigEndian);
        Put(image, header + 8, 0x1000000, 8, bigEndian);
        Put(image, header + 32, 0x1000, 8, bigEndian);
        Put(image, header + phdr, 4, 4, bigEndian);
        Put(image, header + phdr + 8, (ulong)noteOffset, 8, bigEndian);
        Put(image, header + phdr + 32, (ulong)notes.Count, 8, bigEndian);
        notes.CopyTo(image, noteOffset);
        return image;
    }

    private static void Note(List<byte> notes, string name, uint type, byte[] desc, bool bigEndian)
    {
        byte[] field = new byte[12];
        Put(field, 0, (ulong)name.Length + 1, 4, bigEndian);
        Put(field, 4, (ulong)desc.Length, 4, bigEndian);
        Put(field, 8, type, 4, bigEndian);
        notes.AddRange(field);
        notes.AddRange(Encoding.ASCII.GetBytes(name));
        notes.Add(0);
        while (notes.Count % 4 != 0) notes.Add(0);
        notes.AddRange(desc);
        while (notes.Count % 4 != 0) notes.Add(0);
    }

    private static void Put(byte[] b, int at, ulong value, int width, bool bigEndian)
    {
        for (int i = 0; i < width; i++)
            b[at + (bigEndian ? width - 1 - i : i)] = (byte)(value >> (8 * i));
    }
}
