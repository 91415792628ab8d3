using System.Text;

namespace DropWatch.Core.Symbols;

/// <summary>
/// The names of a symbol file, by ordinal (the order they were added in), kept front-coded in fixed-size
/// chunks. A name becomes a string the first time a lookup returns it, and that string is kept.
/// </summary>
/// <remarks>
/// Memory is the point (issue 13: a session's peak RSS): a 6.x kallsyms of ~120k text symbols has ~3 MB of
/// names, and this keeps them in about 1.2 MB, with no per-name offset (one offset per <see cref="BlockSize"/>
/// names; a lookup decodes at most that many entries). Chunks never move, so growing the store never copies
/// what is already there. A session resolves a few hundred distinct symbols, so the decoded strings live in
/// a small dictionary rather than in an array with a slot per symbol.
/// <para>
/// Two savings, both lossless. Half of a 6.x kallsyms is the 16-byte padding in front of every function, each
/// with a symbol of its own, <c>__pfx_NAME</c>, listed just before <c>NAME</c>: such a name is one marker byte
/// meaning "this prefix plus the next name" (to know whether the next name matches, a prefixed name waits,
/// unwritten, until the next one is added or a read needs it). And neighbours in a symbol file share their
/// beginnings (<c>tcp_v4_rcv</c>, <c>tcp_v4_early_demux</c>): every other name stores how many leading bytes it
/// shares with the name before it and only the rest, the first of each block sharing nothing so that a lookup
/// can start there.
/// </para>
/// Entry layout: a marker byte (≥ <see cref="LowestMarker"/>), or a shared-byte count (at most
/// <see cref="MaxShared"/>), the rest's length (one byte below 0x80, else two: 0x80 | high, low) and the rest.
/// </remarks>
internal sealed class SymbolNameStore
{
    /// <summary>Names per block offset. 16: a lookup decodes at most 16 entries; the index costs 0.25 B per name.</summary>
    internal const int BlockSize = 16;

    /// <summary>
    /// Longest name kept (bytes); longer names are cut here. The kernel's own limit (KSYM_NAME_LEN) is 512, so
    /// only a file that is not a real symbol file gets cut, and it still loads.
    /// </summary>
    internal const int MaxNameBytes = 4095;

    /// <summary>Prefixes the kernel puts on a padding or check symbol just before the function it belongs to.</summary>
    private static readonly byte[][] DerivedPrefixes = ["__pfx_"u8.ToArray(), "__cfi_"u8.ToArray()];

    /// <summary>Marker byte of DerivedPrefixes[i] is <c>0xFF - i</c>.</summary>
    private const int LowestMarker = 0xFF - 1;

    /// <summary>The most leading bytes an entry may share with the name before it: below every marker byte.</summary>
    private const int MaxShared = LowestMarker - 1;

    private const int ChunkShift = 18; // 256 KiB chunks
    private const int ChunkBytes = 1 << ChunkShift;

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _chunkEnds = []; // used bytes of every chunk but the last
    private int _chunkUsed = ChunkBytes; // of the last chunk (none yet: full, so the first Add makes one)
    private int[] _blockStarts = new int[64];
    private int _count; // names added
    private int _written; // entries in the chunks; _count - 1 while a prefixed name waits for the next one

    private readonly byte[] _waiting = new byte[MaxNameBytes];
    private int _waitingLength;
    private int _waitingPrefix = -1; // index into DerivedPrefixes; -1: nothing waits

    private readonly byte[] _previous = new byte[MaxNameBytes]; // the last name written in full, for front coding
    private int _previousLength;
    private int _previousBlock = -1; // the block it was written in

    // Decoded names by ordinal; read far more often than written, and lookups may come from two threads
    // (a monitor loop and a scrape), so it is locked, and the decoding buffer with it.
    private readonly Dictionary<int, string> _decoded = [];
    private readonly byte[] _scratch = new byte[MaxNameBytes];

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
            // name that waits itself is never the base of a marker, so a marker's next entry is always a name.
            int head = DerivedPrefixes[_waitingPrefix].Length;
            if (prefix < 0 && _waiting.AsSpan(head, _waitingLength - head).SequenceEqual(utf8Name)) WriteMarker(_waitingPrefix);
            else WriteName(_waiting.AsSpan(0, _waitingLength));
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
            WriteName(utf8Name);
        }

        return _count++;
    }

    /// <summary>The last name is in: a name still waiting for a next one is written in full.</summary>
    internal void Complete()
    {
        if (_waitingPrefix < 0) return;
        _waitingPrefix = -1;
        WriteName(_waiting.AsSpan(0, _waitingLength));
    }

    /// <summary>The name at <paramref name="ordinal"/>, decoded once (invalid UTF-8 becomes U+FFFD, as the loaders always did).</summary>
    public string this[int ordinal]
    {
        get
        {
            lock (_decoded)
            {
                if (_decoded.TryGetValue(ordinal, out string? known)) return known;
                int length = Decode(ordinal, _scratch, out int prefix);
                string name = Encoding.UTF8.GetString(_scratch, 0, length);
                if (prefix >= 0) name = string.Concat(Encoding.ASCII.GetString(DerivedPrefixes[prefix]), name);
                _decoded.Add(ordinal, name);
                return name;
            }
        }
    }

    /// <summary>A copy of the UTF-8 bytes of the name at <paramref name="ordinal"/> (for tests and rare callers).</summary>
    public byte[] Bytes(int ordinal)
    {
        var name = new byte[MaxNameBytes];
        int length = Decode(ordinal, name, out int prefix);
        return prefix < 0 ? name[..length] : [.. DerivedPrefixes[prefix], .. name.AsSpan(0, length)];
    }

    /// <summary>Ordinals of every name equal to <paramref name="name"/>, in order, compared as the text they decode to.</summary>
    public IReadOnlyList<int> OrdinalsNamed(string name)
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

        Complete();
        var found = new List<int>();
        var current = new byte[MaxNameBytes];
        int length = 0, waitingMarker = -1;
        // One pass over every entry, each name rebuilt from the one before (no per-name walk from a block start).
        var reader = new EntryReader(this, 0);
        for (int ordinal = 0; ordinal < _written; ordinal++)
        {
            int prefix = reader.Next(current, ref length);
            if (prefix >= 0)
            {
                waitingMarker = prefix; // its name is complete once the next entry is read
                continue;
            }

            if (waitingMarker >= 0 && Matches(DerivedPrefixes[waitingMarker], current.AsSpan(0, length), name, nameUtf8)) found.Add(ordinal - 1);
            waitingMarker = -1;
            if (Matches([], current.AsSpan(0, length), name, nameUtf8)) found.Add(ordinal);
        }

        return found;
    }

    private static bool Matches(ReadOnlySpan<byte> head, ReadOnlySpan<byte> rest, string name, byte[]? nameUtf8)
    {
        // Valid UTF-8 decodes to name exactly when the bytes are name's encoding; invalid bytes decode with
        // replacement characters, so compare the decoded text. The prefixes are ASCII, valid either way.
        if (System.Text.Unicode.Utf8.IsValid(rest))
        {
            return nameUtf8 is not null && nameUtf8.Length == head.Length + rest.Length
                   && nameUtf8.AsSpan().StartsWith(head) && nameUtf8.AsSpan(head.Length).SequenceEqual(rest);
        }

        string text = Encoding.UTF8.GetString(rest);
        return name.Length == head.Length + text.Length && name.AsSpan(head.Length).SequenceEqual(text)
               && name.AsSpan(0, head.Length).SequenceEqual(Encoding.ASCII.GetString(head));
    }

    /// <summary>
    /// Decodes the name at <paramref name="ordinal"/> into <paramref name="name"/> and returns its length; for
    /// a marker, the next name's, with the index of the prefix that goes in front in <paramref name="prefix"/>
    /// (-1: the bytes are the whole name).
    /// </summary>
    private int Decode(int ordinal, byte[] name, out int prefix)
    {
        if ((uint)ordinal >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(ordinal));
        Complete();
        var reader = new EntryReader(this, _blockStarts[ordinal / BlockSize]);
        int length = 0;
        for (int skip = ordinal % BlockSize; skip > 0; skip--) reader.Next(name, ref length);
        prefix = reader.Next(name, ref length);
        if (prefix >= 0) reader.Next(name, ref length); // the name the marker stands in front of
        return length;
    }

    /// <summary>Walks entries from a block start, rebuilding each name over the previous one in a caller's buffer.</summary>
    private ref struct EntryReader(SymbolNameStore store, int start)
    {
        private int _chunk = start >> ChunkShift;
        private int _at = start & (ChunkBytes - 1);

        /// <summary>Reads one entry: a name into <paramref name="name"/> (-1), or a marker (its prefix index; the name is unchanged).</summary>
        public int Next(byte[] name, ref int length)
        {
            // An entry never straddles two chunks: the used end of a chunk means the next entry starts the next one.
            if (_at == store.UsedBytes(_chunk))
            {
                _chunk++;
                _at = 0;
            }

            byte[] chunk = store._chunks[_chunk];
            int first = chunk[_at++];
            if (first >= LowestMarker) return 0xFF - first;
            int rest = chunk[_at++];
            if (rest >= 0x80) rest = ((rest & 0x7f) << 8) | chunk[_at++];
            chunk.AsSpan(_at, rest).CopyTo(name.AsSpan(first));
            _at += rest;
            length = first + rest;
            return -1;
        }
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
        _chunks[^1][at] = (byte)(0xFF - prefix);
        _chunkUsed = at + 1;
    }

    private void WriteName(ReadOnlySpan<byte> utf8Name)
    {
        // The first name of a block shares nothing: a lookup starts decoding at the block (a marker before it
        // leaves nothing to share with).
        int block = _written / BlockSize;
        int shared = block == _previousBlock ? CommonPrefixLength(_previous.AsSpan(0, _previousLength), utf8Name) : 0;
        ReadOnlySpan<byte> rest = utf8Name[shared..];
        int lengthBytes = rest.Length < 0x80 ? 1 : 2;
        int at = Reserve(1 + lengthBytes + rest.Length);
        byte[] chunk = _chunks[^1];
        chunk[at++] = (byte)shared;
        if (lengthBytes == 1)
        {
            chunk[at++] = (byte)rest.Length;
        }
        else
        {
            chunk[at++] = (byte)(0x80 | (rest.Length >> 8));
            chunk[at++] = (byte)rest.Length;
        }

        rest.CopyTo(chunk.AsSpan(at));
        _chunkUsed = at + rest.Length;
        rest.CopyTo(_previous.AsSpan(shared));
        _previousLength = utf8Name.Length;
        _previousBlock = block;
    }

    private static int CommonPrefixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = Math.Min(Math.Min(a.Length, b.Length), MaxShared);
        return a[..n].CommonPrefixLength(b[..n]);
    }

    /// <summary>Room for the next entry's <paramref name="bytes"/> in the last chunk (a new one if needed); records block starts.</summary>
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

    private int UsedBytes(int chunk) => chunk == _chunks.Count - 1 ? _chunkUsed : _chunkEnds[chunk];
}
