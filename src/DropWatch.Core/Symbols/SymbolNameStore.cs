using System.Text;
using System.Text.Unicode;

namespace DropWatch.Core.Symbols;

/// <summary>
/// The names of a symbol file, by ordinal (the order they were added in), kept as length-prefixed UTF-8 in
/// fixed-size chunks. A name becomes a string the first time a lookup returns it, and that string is kept.
/// </summary>
/// <remarks>
/// Memory is the point (issue 13: a session's peak RSS): a kallsyms of ~120k text symbols has ~3 MB of names,
/// and this stores them at one or two bytes over their length, with no per-name offset (one offset per
/// <see cref="BlockSize"/> names; a lookup walks at most that many length prefixes). Chunks never move, so
/// growing the store never copies what is already there (no transient doubling, unlike a growing array).
/// A session resolves a few hundred distinct symbols, so the decoded strings live in a small dictionary
/// rather than in an array with a slot per symbol.
/// </remarks>
internal sealed class SymbolNameStore
{
    /// <summary>Names per block offset. 16: a lookup skips at most 15 names; the index costs 0.25 B per name.</summary>
    internal const int BlockSize = 16;

    /// <summary>
    /// Longest name kept (bytes); longer names are cut here. The kernel's own limit (KSYM_NAME_LEN) is 512, so
    /// only a file that is not a real symbol file gets cut, and it still loads.
    /// </summary>
    internal const int MaxNameBytes = 4095;

    private const int ChunkShift = 18; // 256 KiB chunks
    private const int ChunkBytes = 1 << ChunkShift;

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _chunkEnds = []; // used bytes of every chunk but the last
    private int _chunkUsed = ChunkBytes; // of the last chunk (none yet: full, so the first Add makes one)
    private int[] _blockStarts = new int[64];
    private int _count;

    // Decoded names by ordinal; read far more often than written, and lookups may come from two threads
    // (a monitor loop and a scrape), so it is locked.
    private readonly Dictionary<int, string> _decoded = [];

    public static SymbolNameStore Empty { get; } = new();

    /// <summary>Names added so far.</summary>
    public int Count => _count;

    /// <summary>Bytes held by the chunks and the block index (for the benchmarks' and tests' accounting).</summary>
    internal long RetainedBytes => (long)_chunks.Count * ChunkBytes + (long)_blockStarts.Length * sizeof(int);

    /// <summary>Appends a name (cut to <see cref="MaxNameBytes"/>) and returns its ordinal.</summary>
    public int Add(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length > MaxNameBytes) utf8Name = utf8Name[..MaxNameBytes];
        int prefix = utf8Name.Length < 0x80 ? 1 : 2;
        if (ChunkBytes - _chunkUsed < prefix + utf8Name.Length)
        {
            if (_chunks.Count > 0) _chunkEnds.Add(_chunkUsed);
            _chunks.Add(new byte[ChunkBytes]);
            _chunkUsed = 0;
        }

        byte[] chunk = _chunks[^1];
        int at = _chunkUsed;
        if (_count % BlockSize == 0)
        {
            int block = _count / BlockSize;
            if (block == _blockStarts.Length) Array.Resize(ref _blockStarts, _blockStarts.Length * 2);
            _blockStarts[block] = ((_chunks.Count - 1) << ChunkShift) | at;
        }

        if (prefix == 1)
        {
            chunk[at++] = (byte)utf8Name.Length;
        }
        else
        {
            chunk[at++] = (byte)(0x80 | (utf8Name.Length >> 8));
            chunk[at++] = (byte)utf8Name.Length;
        }

        utf8Name.CopyTo(chunk.AsSpan(at));
        _chunkUsed = at + utf8Name.Length;
        return _count++;
    }

    /// <summary>The name at <paramref name="ordinal"/>, decoded once (invalid UTF-8 becomes U+FFFD, as the loaders always did).</summary>
    public string this[int ordinal]
    {
        get
        {
            lock (_decoded)
            {
                if (_decoded.TryGetValue(ordinal, out string? known)) return known;
                string name = Encoding.UTF8.GetString(Bytes(ordinal));
                _decoded.Add(ordinal, name);
                return name;
            }
        }
    }

    /// <summary>The stored UTF-8 bytes of the name at <paramref name="ordinal"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int ordinal)
    {
        if ((uint)ordinal >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(ordinal));
        int start = _blockStarts[ordinal / BlockSize];
        int chunk = start >> ChunkShift;
        int at = start & (ChunkBytes - 1);
        int length;
        // Walk the length prefixes from the block's first name. A name never straddles two chunks, so
        // reaching the used end of a chunk means the next name is at the start of the next one.
        for (int skip = ordinal % BlockSize; ; skip--)
        {
            if (at == UsedBytes(chunk))
            {
                chunk++;
                at = 0;
            }

            length = ReadLength(_chunks[chunk], ref at);
            if (skip == 0) break;
            at += length;
        }

        return _chunks[chunk].AsSpan(at, length);
    }

    /// <summary>Ordinals of every name equal to <paramref name="name"/>, in order, compared as the text they decode to.</summary>
    public IEnumerable<int> OrdinalsNamed(string name)
    {
        byte[]? nameUtf8 = null;
        try
        {
            nameUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(name);
        }
        catch (EncoderFallbackException)
        {
            // A string with a lone surrogate is nothing valid UTF-8 decodes to; invalid bytes may still.
        }

        for (int ordinal = 0; ordinal < _count; ordinal++)
        {
            if (Matches(ordinal, name, nameUtf8)) yield return ordinal;
        }
    }

    private bool Matches(int ordinal, string name, byte[]? nameUtf8)
    {
        ReadOnlySpan<byte> bytes = Bytes(ordinal);
        // Valid UTF-8 decodes to name exactly when the bytes are name's encoding; invalid bytes decode with
        // replacement characters, so compare the decoded text.
        return Utf8.IsValid(bytes)
            ? nameUtf8 is not null && bytes.SequenceEqual(nameUtf8)
            : string.Equals(Encoding.UTF8.GetString(bytes), name, StringComparison.Ordinal);
    }

    private static int ReadLength(byte[] chunk, ref int at)
    {
        int first = chunk[at++];
        if (first < 0x80) return first;
        return ((first & 0x7f) << 8) | chunk[at++];
    }

    private int UsedBytes(int chunk) => chunk == _chunks.Count - 1 ? _chunkUsed : _chunkEnds[chunk];
}
