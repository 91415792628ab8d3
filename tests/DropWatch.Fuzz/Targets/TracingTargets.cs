using System.Buffers.Binary;
using System.Text;
using DropWatch.Core.Tracing;

namespace DropWatch.Fuzz.Targets;

/// <summary>The tracepoint source's decoders: perf ring records and kfree_skb samples, the format file, the CPU list.</summary>
internal static class TracingTargets
{
    private const uint RecordLost = 2, RecordComm = 3, RecordFork = 7, RecordSample = 9;

    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("perf-ring", 10, RingSeeds, DrainRing);
        yield return new FuzzTarget("tracepoint-format", 6, FormatSeeds, ParseFormat, typeof(TracepointFormatException));
        yield return new FuzzTarget("online-cpus", 4, CpuSeeds, ParseCpus, typeof(TracepointException));
    }

    private static readonly Lazy<KfreeSkbDecoder> HostDecoder =
        new(() => new KfreeSkbDecoder(TracepointFormat.Parse(Encoding.UTF8.GetString(Seeds.CapturedFile("kfree_skb.format.6.18")))));

    private static readonly byte[] Scratch = new byte[PerfRingReader.MaxRecordSize];
    private static readonly Sink DropSink = new();
    private static readonly NameSink Names = new();

    // Input layout: u64 tail, u64 head, then the ring (cut to the largest power of two that fits, at least 8 bytes).
    private static Outcome DrainRing(byte[] input)
    {
        if (input.Length < 16) return Outcome.Rejected;
        ulong tail = BinaryPrimitives.ReadUInt64LittleEndian(input);
        ulong head = BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(8));
        ReadOnlySpan<byte> rest = input.AsSpan(16);
        int length = rest.Length < 8 ? 8 : 1 << (31 - int.LeadingZeroCount(rest.Length));
        byte[] ring = new byte[length];
        rest[..Math.Min(rest.Length, length)].CopyTo(ring);
        // The side-band pass reads the same records first (names before drops), without consuming them.
        int sideBandMalformed = KfreeSkbRingDrain.LearnNames(ring, tail, head, Scratch, HostDecoder.Value.SampleType, clockOffsetNs: 7, Names);
        var result = KfreeSkbRingDrain.Drain(ring, tail, head, Scratch, HostDecoder.Value, cpu: 1, clockOffsetNs: 7, DropSink);
        if (result.Tail != head)
            throw new InvariantException($"drain stopped at {result.Tail}, not at head {head}");
        return result.Malformed == 0 && sideBandMalformed == 0 ? Outcome.Accepted : Outcome.Rejected;
    }

    private static IReadOnlyList<byte[]> RingSeeds()
    {
        KfreeSkbDecoder _ = HostDecoder.Value;
        byte[] raw = new byte[44];
        BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(16), 0xffffffff81a0b0c0); // location
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(32), 0x800);              // protocol
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(36), 3);                  // reason NO_SOCKET
        return
        [
            Ring(256, 0, Sample(10, raw), Sample(11, raw), Lost(1, 4)),
            Ring(128, 96, Sample(12, raw), Lost(2, 1)), // the first record wraps around the ring's end
            Ring(64, 0, Sample(13, raw[..8])),          // raw record shorter than the fields
            Ring(64, 0, Record(5, new byte[24])),       // a record type nobody asked for (THROTTLE)
            Ring(256, 0, Comm(4242, "short-lived", 9), Sample(10, raw), Fork(5000, 4242, 8)), // names between drops
            Ring(128, 112, Comm(77, "wrapped", 3), Sample(4, raw)), // a COMM across the ring's end
            Ring(64, 0, Record(RecordFork, new byte[16])), // a FORK too short for its fields
        ];
    }

    private static byte[] Ring(int size, ulong start, params byte[][] records)
    {
        byte[] ring = new byte[size];
        ulong head = start;
        foreach (byte[] record in records)
        {
            foreach (byte b in record) ring[(int)(head++ % (ulong)size)] = b;
        }

        byte[] input = new byte[16 + size];
        BinaryPrimitives.WriteUInt64LittleEndian(input, start);
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(8), head);
        ring.CopyTo(input, 16);
        return input;
    }

    private static byte[] Sample(ulong time, byte[] raw)
    {
        int rawSize = raw.Length;
        while ((8 + 8 + 4 + rawSize) % 8 != 0) rawSize++;
        byte[] body = new byte[12 + rawSize];
        BinaryPrimitives.WriteUInt64LittleEndian(body, time);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)rawSize);
        raw.CopyTo(body, 12);
        return Record(RecordSample, body);
    }

    // The fuzz decoder samples TIME|RAW, so sample_id is { u64 time }.
    private static byte[] Comm(int pid, string name, ulong time)
    {
        int commSize = (name.Length + 1 + 7) / 8 * 8;
        byte[] body = new byte[8 + commSize + 8];
        BinaryPrimitives.WriteInt32LittleEndian(body, pid);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), pid);
        Encoding.ASCII.GetBytes(name).CopyTo(body, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(8 + commSize), time);
        return Record(RecordComm, body);
    }

    private static byte[] Fork(int pid, int parent, ulong time)
    {
        byte[] body = new byte[24 + 8];
        BinaryPrimitives.WriteInt32LittleEndian(body, pid);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), parent);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8), pid);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(12), parent);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(16), time);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(24), time);
        return Record(RecordFork, body);
    }

    private static byte[] Lost(ulong id, ulong count)
    {
        byte[] body = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(body, id);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(8), count);
        return Record(RecordLost, body);
    }

    private static byte[] Record(uint type, byte[] body)
    {
        byte[] record = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, type);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), (ushort)record.Length);
        body.CopyTo(record, 8);
        return record;
    }

    private static IReadOnlyList<byte[]> FormatSeeds() =>
    [
        Seeds.CapturedFile("kfree_skb.format"),
        Seeds.CapturedFile("kfree_skb.format.6.18"),
        Encoding.UTF8.GetBytes(
            "name: kfree_skb\nID: 1234\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" +
            "\tfield:void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;\n\tfield:void * location;\toffset:16;\tsize:8;\tsigned:0;\n" +
            "\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n" +
            "\tfield:enum skb_drop_reason reason;\toffset:28;\tsize:4;\tsigned:0;\n\n" +
            "print fmt: \"r=%s\", __print_symbolic(REC->reason, { 0, \"NOT_SPECIFIED\" }, { 0x1, \"NO_SOCKET\" })\n"),
    ];

    // A format that parses must give a decoder that copes with raw records of every length around its minimum.
    private static Outcome ParseFormat(byte[] input)
    {
        TracepointFormat format = TracepointFormat.Parse(Encoding.UTF8.GetString(input));
        var decoder = new KfreeSkbDecoder(format);
        if (decoder.MinimumLength is < 0 or > PerfRingReader.MaxRecordSize)
            throw new InvariantException($"decoder needs {decoder.MinimumLength} bytes");
        for (int length = Math.Max(0, decoder.MinimumLength - 2); length <= decoder.MinimumLength + 2; length++)
        {
            bool decoded = decoder.TryDecode(new byte[length], 1, 0, out TracepointDrop drop);
            if (decoded != (length >= decoder.MinimumLength)) throw new InvariantException($"a {length}-byte record decoded: {decoded}");
            if (decoded) _ = format.ReasonName(drop.Reason);
        }

        return Outcome.Accepted;
    }

    private static IReadOnlyList<byte[]> CpuSeeds() =>
        [.. new[] { "0\n", "0-1\n", "0-2,4,6-7\n", "0-65535\n", "1,3,5-9,65535\n", " 0 - 3 ,\t8\n" }.Select(Encoding.UTF8.GetBytes)];

    private static Outcome ParseCpus(byte[] input)
    {
        int[] cpus = OnlineCpus.Parse(Encoding.UTF8.GetString(input));
        for (int i = 1; i < cpus.Length; i++)
        {
            if (cpus[i] <= cpus[i - 1]) throw new InvariantException("CPU list not ascending");
        }

        return Outcome.Accepted;
    }

    /// <summary>Names go into a real, bounded table, as in the source: a name must never exceed the kernel's bound.</summary>
    private sealed class NameSink : ITaskNameSink
    {
        private readonly ProcessNames _names = new("/nonexistent", capacity: 64);

        public void OnName(int pid, ReadOnlySpan<byte> name, ulong sinceNs)
        {
            if (name.Length > PerfSideBand.MaxNameLength) throw new InvariantException($"a {name.Length}-byte name");
            _names.Learn(pid, name, sinceNs);
            if (!_names.Get(pid, 0, sinceNs).SequenceEqual(name)) throw new InvariantException("a learnt name is not the name at its time");
        }

        public void OnFork(int pid, int parentPid, ulong atNs) => _names.Inherit(pid, parentPid, atNs);
    }

    private sealed class Sink : ITracepointSink
    {
        public long Drops;

        public void OnDrop(in TracepointDrop drop) => Drops += (long)(drop.Location & 1) + 1;
    }
}
