using System.Buffers.Binary;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using DropWatch.Core.Tracing;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Benchmarks;

/// <summary>
/// Draining a perf ring of skb:kfree_skb samples as the tracepoint source opens them: TID, TIME, CPU
/// and RAW, and with <c>--stack</c> also a 24-frame kernel callchain. Per event (256 in the ring):
/// the user-space side of the cost of who-and-how. (The kernel's own cost of unwinding the stack is
/// paid by the dropping CPU; see bench/README.md for the host storm figures.)
/// </summary>
[MemoryDiagnoser]
public class TracepointSampleBenchmarks
{
    private const int Events = 256;
    private const int Frames = 24;
    private byte[] _ring = [];
    private ulong _head;
    private readonly byte[] _scratch = new byte[PerfRingReader.MaxRecordSize];
    private KfreeSkbDecoder _decoder;
    private readonly CountingSink _sink = new();

    [Params(false, true)]
    public bool Stack { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var format = TracepointFormat.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "kfree_skb.format.6.18")));
        ulong sampleType = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW | (Stack ? PERF_SAMPLE_CALLCHAIN : 0);
        _decoder = new KfreeSkbDecoder(format, sampleType);
        int rawLength = format.Fields.Max(f => f.Offset + f.Size);
        var raw = new byte[rawLength];
        BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(format.Location.Offset), 0xffffffff81a2b3c4);
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(format.Protocol.Offset), 0x0800);

        var records = new List<byte>();
        for (int i = 0; i < Events; i++)
        {
            var body = new List<byte>();
            void U32(uint v) { var x = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(x, v); body.AddRange(x); }
            void U64(ulong v) { var x = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(x, v); body.AddRange(x); }
            U32(4242); U32(4242); U64((ulong)i); U32(1); U32(0);
            if (Stack)
            {
                U64(Frames + 1);
                U64(unchecked((ulong)-128)); // PERF_CONTEXT_KERNEL
                for (int f = 0; f < Frames; f++) U64(0xffffffff81000000UL + (ulong)f * 0x40);
            }
            U32((uint)raw.Length);
            body.AddRange(raw);
            while ((body.Count + 8) % 8 != 0) body.Add(0);
            var header = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(header, PERF_RECORD_SAMPLE);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)(8 + body.Count));
            records.AddRange(header);
            records.AddRange(body);
        }
        _ring = new byte[(int)BitOperations.RoundUpToPowerOf2((uint)records.Count)];
        records.CopyTo(_ring);
        _head = (ulong)records.Count;
    }

    [Benchmark(Description = "drain one kfree_skb sample (TID, CPU; + callchain with Stack)", OperationsPerInvoke = Events)]
    public int Drain() => KfreeSkbRingDrain.Drain(_ring, 0, _head, _scratch, _decoder, 1, 0, _sink).Delivered;

    private sealed class CountingSink : ITracepointSink
    {
        public long Frames;
        public void OnDrop(in TracepointDrop drop) => Frames++;
        public void OnDrop(in TracepointDrop drop, ReadOnlySpan<ulong> stack) => Frames += stack.Length + drop.Pid;
    }
}
