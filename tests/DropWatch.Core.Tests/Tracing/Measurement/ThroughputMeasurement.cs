using System.Diagnostics;
using DropWatch.Core.Events;
using DropWatch.Core.Tests.Tracing.Host;
using DropWatch.Core.Tracing;
using Xunit.Abstractions;

namespace DropWatch.Core.Tests.Tracing.Measurement;

/// <summary>
/// How many drops per second the tracepoint source sustains in summary mode, with how many lost events and
/// how much CPU on the consuming thread. Sender threads blast UDP at a closed loopback port with sendmmsg (each datagram is
/// dropped in the sender's own softirq, so the kernel-side cost lands on the senders' CPUs); one thread polls
/// all rings into a <see cref="DropAggregator"/>.
/// </summary>
[Collection(HostKernelCollection.Name)]
public class ThroughputMeasurement(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    [MeasurementFact]
    public void Baseline_one_sender_without_tracing() => Measure(senders: 1, ringPages: 256, trace: false);

    [MeasurementFact]
    public void One_sender_default_rings() => Measure(senders: 1, ringPages: 256);

    [MeasurementFact]
    public void One_sender_4MiB_rings() => Measure(senders: 1, ringPages: 1024);

    [MeasurementFact]
    public void Two_senders_4MiB_rings() => Measure(senders: 2, ringPages: 1024);

    [MeasurementFact]
    public void Bad_checksum_baseline_without_tracing() => Measure(senders: 1, ringPages: 256, trace: false, Generator.BadIpChecksum);

    [MeasurementFact]
    public void Bad_checksum_one_sender_default_rings() => Measure(senders: 1, ringPages: 256, generator: Generator.BadIpChecksum);

    [MeasurementFact]
    public void Bad_checksum_one_sender_4MiB_rings() => Measure(senders: 1, ringPages: 1024, generator: Generator.BadIpChecksum);

    [MeasurementFact]
    public void Bad_checksum_two_senders_4MiB_rings() => Measure(senders: 2, ringPages: 1024, generator: Generator.BadIpChecksum);

    private enum Generator { Udp, BadIpChecksum }

    private void Measure(int senders, int ringPages, bool trace = true, Generator generator = Generator.Udp)
    {
        HostKernel.RequireRoot();
        using var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions { RingPagesPerCpu = ringPages });
        var windows = new WindowCounter();
        var aggregator = new DropAggregator(windows);
        var stop = new ManualResetEventSlim();
        long sent = 0;

        var senderThreads = Enumerable.Range(0, senders).Select(_ => new Thread(() =>
        {
            using var udp = new BatchedUdpBlaster();
            using var bad = new LoopbackBadChecksumBlaster();
            Func<int> send = generator == Generator.Udp ? udp.SendBatch : bad.SendBatch;
            long mine = 0;
            while (!stop.IsSet)
                mine += send();
            Interlocked.Add(ref sent, mine);
        })).ToList();

        TimeSpan consumerCpu = default;
        var consumer = new Thread(() =>
        {
            var cpuStart = ThreadCpuClock.Now();
            while (!stop.IsSet)
            {
                tracepoint.Poll(aggregator, timeoutMs: 100);
                aggregator.AdvanceToNow();
            }
            consumerCpu = ThreadCpuClock.Now() - cpuStart;
        });

        if (trace)
            tracepoint.Enable();
        var wall = Stopwatch.StartNew();
        consumer.Start();
        senderThreads.ForEach(t => t.Start());
        Thread.Sleep(Duration);
        stop.Set();
        senderThreads.ForEach(t => t.Join());
        consumer.Join();
        tracepoint.Disable();
        tracepoint.Drain(aggregator);
        wall.Stop();
        aggregator.Flush();

        double seconds = wall.Elapsed.TotalSeconds;
        output.WriteLine($"{generator}: senders {senders}, ring {ringPages * Environment.SystemPageSize / 1024} KiB/CPU x {tracepoint.Cpus.Count} CPUs, {seconds:F2} s");
        output.WriteLine($"sent {sent:N0} packets ({sent / seconds:N0}/s)");
        output.WriteLine($"delivered {aggregator.TotalDrops:N0} drops ({aggregator.TotalDrops / seconds:N0}/s) in {windows.Count} windows, " +
                         $"lost {tracepoint.LostEvents:N0} (exact: {tracepoint.LostEventsExact}), malformed {tracepoint.MalformedRecords}");
        output.WriteLine($"consumer thread CPU {consumerCpu.TotalSeconds:F2} s = {consumerCpu.TotalSeconds / seconds:P0} of one core");
        Assert.True(!trace || aggregator.TotalDrops > 0);
    }

    private sealed class WindowCounter : IDropSummarySink
    {
        public int Count { get; private set; }

        public void OnWindow(ReadOnlySpan<LocationCount> drops, ulong windowStartNs, ulong windowEndNs) => Count++;
    }
}
