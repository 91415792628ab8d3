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
/// <para>
/// Half of a 6.x kallsyms is the 16-byte padding in front of every function, each with a symbol of its own,
/// <c>__pfx_NAME</c>, listed just before <c>NAME</c>. Such a name is stored as one marker byte meaning "this
/// prefix plus the next name": the lookup semantics stay the kernel's (the padding still has its entry and
/// its name), at a byte instead of ~26. To know whether the next name matches, a prefixed name waits, unwritten,
/// until the next one is added (or a read needs it).
/// </para>
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

    /// <summary>Prefixes the kernel puts on a padding or check symbol just before the function it belongs to.</summary>
    private static readonly byte[][] DerivedPrefixes = ["__pfx_"u8.ToArray(), "__cfi_"u8.ToArray()];

    /// <summary>
    /// Marker of "DerivedPrefixes[MarkerBase - byte] + the next name". A length prefix's first byte is below
    /// 0x80 or 0x80 | (length >> 8) ≤ 0x8F (<see cref="MaxNameBytes"/>), so the markers cannot be mistaken for one.
    /// </summary>
    private const byte MarkerBase = 0xFF;

    private const int ChunkShift = 18; // 256 KiB chunks
    private const int ChunkBytes = 1 << ChunkShift;

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _chunkEnds = []; // used bytes of every chunk but the last
    private int _chunkUsed = ChunkBytes; // of the last chunk (none yet: full, so the first Add makes one)
    private int[] _blockStarts = new int[64];
    private int _count; // names added
    private int _written; // names in the chunks; _count - 1 while a prefixed name waits for the next one
    private readonly byte[] _waiting = new byte[MaxNameBytes];
    private int _waitingLength;
    private int _waitingPrefix = -1; // index into DerivedPrefixes; -1: nothing waits

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
        int prefix = DerivedPrefixOf(utf8Name);
        if (_waitingPrefix >= 0)
        {
            // The waiting name is this one's padding symbol when it is its prefix plus exactly this name. A
            // name that waits itself is never the base of a marker, so a marker's next name is always plain.
            ReadOnlySpan<byte> suffix = _waiting.AsSpan(DerivedPrefixes[_waitingPrefix].Length, _waitingLength - DerivedPrefixes[_waitingPrefix].Length);
            if (prefix < 0 && suffix.SequenceEqual(utf8Name)) WriteMarker(_waitingPrefix);
            else Write(_waiting.AsSpan(0, _waitingLength));
            _waitingPrefix = -1;
        }

        if (prefix >= 0)
        {
            utf8Name.CopyTo(_waiting);
            _waitingLength = utf8Name.Length;
            _waitingPrefix = prefix;
        }
        else
        {
            Write(utf8Name);
        }

        return _count++;
    }

    /// <summary>The last name is in: a name still waiting for a next one is written in full.</summary>
    internal void Complete() => Settle();

    /// <summary>Writes a waiting name in full: a read needs it, and no next name has come to make it a marker.</summary>
    private void Settle()
    {
        if (_waitingPrefix < 0) return;
        _waitingPrefix = -1;
        Write(_waiting.AsSpan(0, _waitingLength));
    }

    private static int DerivedPrefixOf(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < DerivedPrefixes.Length; i++)
        {
            if (name.Length > DerivedPrefixes[i].Length && name.StartsWith(DerivedPrefixes[i])) return i;
        }

        return -1;
    }

    private void WriteMarker(int prefix)
    {
        int at = Reserve(1);
        _chunks[^1][at] = (byte)(MarkerBase - prefix);
        _chunkUsed = at + 1;
    }

    private void Write(ReadOnlySpan<byte> utf8Name)
    {
        int prefix = utf8Name.Length < 0x80 ? 1 : 2;
        int at = Reserve(prefix + utf8Name.Length);
        byte[] chunk = _chunks[^1];
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
    }

    /// <summary>Room for the next name's <paramref name="bytes"/> in the last chunk (a new one if needed); records block starts.</summary>
    private int Reserve(int bytes)
    {
        if (ChunkBytes - _chunkUsed < bytes)
        {
            if (_chunks.Count > 0) _chunkEnds.Add(_chunkUsed);
            _chunks.Add(new byte[ChunkBytes]);
            _chunkUsed = 0;
        }

        if (_written % BlockSize == 0)
        {
            int block = _written / BlockSize;
            if (block == _blockStarts.Length) Array.Resize(ref _blockStarts, _blockStarts.Length * 2);
            _blockStarts[block] = ((_chunks.Count - 1) << ChunkShift) | _chunkUsed;
        }

        _written++;
        return _chunkUsed;
    }

    /// <summary>The name at <paramref name="ordinal"/>, decoded once (invalid UTF-8 becomes U+FFFD, as the loaders always did).</summary>
    public string this[int ordinal]
    {
        get
        {
            lock (_decoded)
            {
                if (_decoded.TryGetValue(ordinal, out string? known)) return known;
                ReadOnlySpan<byte> stored = Stored(ordinal, out int prefix);
                string name = prefix < 0
                    ? Encoding.UTF8.GetString(stored)
                    : string.Concat(Encoding.ASCII.GetString(DerivedPrefixes[prefix]), Encoding.UTF8.GetString(stored));
                _decoded.Add(ordinal, name);
                return name;
            }
        }
    }

    /// <summary>The UTF-8 bytes of the name at <paramref name="ordinal"/> (a copy when it is stored as a marker).</summary>
    public ReadOnlySpan<byte> Bytes(int ordinal)
    {
        ReadOnlySpan<byte> stored = Stored(ordinal, out int prefix);
        return prefix < 0 ? stored : (byte[])[.. DerivedPrefixes[prefix], .. stored];
    }

    /// <summary>
    /// The bytes stored for <paramref name="ordinal"/>; for a marker, the next name's bytes and, in
    /// <paramref name="prefix"/>, the index of the prefix that goes in front (-1: the bytes are the whole name).
    /// </summary>
    private ReadOnlySpan<byte> Stored(int ordinal, out int prefix)
    {
        if ((uint)ordinal >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(ordinal));
        Settle();
        int start = _blockStarts[ordinal / BlockSize];
        int chunk = start >> ChunkShift;
        int at = start & (ChunkBytes - 1);
        int length;
        prefix = -1;
        // Walk the entries from the block's first name. An entry never straddles two chunks, so reaching the
        // used end of a chunk means the next entry is at the start of the next one.
        for (int skip = ordinal % BlockSize; ; skip--)
        {
            if (at == UsedBytes(chunk))
            {
                chunk++;
                at = 0;
            }

            length = ReadLength(_chunks[chunk], ref at);
            if (length < 0)
            {
                if (skip == 0)
                {
                    prefix = -length - 1; // the name is the prefix plus the next entry, which is plain
                    skip = 1;
                }

                length = 0;
            }

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
        ReadOnlySpan<byte> bytes = Stored(ordinal, out int prefix);
        if (prefix >= 0)
        {
            // The prefixes are ASCII, so the name starts with the prefix exactly when its encoding does.
            ReadOnlySpan<byte> head = DerivedPrefixes[prefix];
            if (nameUtf8 is null || !nameUtf8.AsSpan().StartsWith(head)) return false;
            return Utf8.IsValid(bytes)
                ? bytes.SequenceEqual(nameUtf8.AsSpan(head.Length))
                : string.Equals(Encoding.UTF8.GetString(bytes), name[head.Length..], StringComparison.Ordinal);
        }

        // Valid UTF-8 decodes to name exactly when the bytes are name's encoding; invalid bytes decode with
        // replacement characters, so compare the decoded text.
        return Utf8.IsValid(bytes)
            ? nameUtf8 is not null && bytes.SequenceEqual(nameUtf8)
            : string.Equals(Encoding.UTF8.GetString(bytes), name, StringComparison.Ordinal);
    }

    /// <summary>An entry's name length; for a marker, -(prefix index + 1).</summary>
    private static int ReadLength(byte[] chunk, ref int at)
    {
        int first = chunk[at++];
        if (first < 0x80) return first;
        if (first > 0x8F) return -(MarkerBase - first) - 1;
        return ((first & 0x7f) << 8) | chunk[at++];
    }

    private int UsedBytes(int chunk) => chunk == _chunks.Count - 1 ? _chunkUsed : _chunkEnds[chunk];
}
