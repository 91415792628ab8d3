using DropWatch.Core.Tracing;
using Xunit.Abstractions;

namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>The tracepoint source against this machine's kernel: real events, real drops.</summary>
[Collection(HostKernelCollection.Name)]
public class KfreeSkbTracepointHostTests(ITestOutputHelper output)
{
    private const int Datagrams = 200;

    [Fact]
    public void Udp_to_a_closed_port_arrives_as_NO_SOCKET_drops_in_the_UDP_receive_path()
    {
        HostKernel.RequireRoot();
        using var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions());
        uint noSocket = ReasonNumber(tracepoint.Format, "NO_SOCKET");
        var summaries = new SummaryRecorder();
        var aggregator = new DropAggregator(summaries);
        var sink = new SinkPipeline(noSocket, aggregator);
        using var udp = new UdpToClosedPort();

        ulong before = DropAggregator.RealtimeNowNs();
        tracepoint.Enable();
        udp.Send(Datagrams);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sink.WithReason < Datagrams && DateTime.UtcNow < deadline)
            tracepoint.Poll(sink, timeoutMs: 100);
        tracepoint.Disable();
        tracepoint.Drain(sink);
        ulong after = DropAggregator.RealtimeNowNs();
        aggregator.Flush();

        output.WriteLine($"tracefs {tracepoint.TracefsPath}, id {tracepoint.TracepointId}, clock {tracepoint.TimestampClock}, exact lost {tracepoint.LostEventsExact}, CPUs {string.Join(",", tracepoint.Cpus)}; " +
                         $"{sink.All.Count} drops, {sink.WithReason} NO_SOCKET (= {noSocket}), lost {tracepoint.LostEvents}");
        var udpDrops = sink.All.Where(d => d.Reason == noSocket && d.Protocol == 0x0800).ToList();
        Assert.True(udpDrops.Count >= Datagrams, $"expected at least {Datagrams} NO_SOCKET IPv4 drops, saw {udpDrops.Count}");
        Assert.Equal(0UL, tracepoint.LostEvents);
        Assert.Equal(0UL, tracepoint.MalformedRecords);
        // Wall-clock stamps, whichever clock the kernel allowed: within the test's own reading of the clock.
        Assert.All(sink.All, d => Assert.InRange(d.TimestampNs, before - 10_000_000, after + 10_000_000));
        foreach (var perCpu in sink.All.GroupBy(d => d.Cpu))
            Assert.Equal(perCpu.Select(d => d.TimestampNs).Order(), perCpu.Select(d => d.TimestampNs));
        Assert.All(sink.All, d => Assert.Contains(d.Cpu, tracepoint.Cpus));

        var top = udpDrops.GroupBy(d => d.Location).MaxBy(g => g.Count())!;
        string? function = Kallsyms.FunctionContaining(top.Key);
        output.WriteLine($"top NO_SOCKET location 0x{top.Key:x} ({function}): {top.Count()} drops");
        Assert.True(top.Count() >= Datagrams, $"the busiest NO_SOCKET location has {top.Count()} drops");
        Assert.NotNull(function);
        Assert.Contains("udp", function, StringComparison.OrdinalIgnoreCase);

        // The aggregator saw the same drops: its windows add up to exactly what was observed at that location.
        long aggregated = summaries.Windows.SelectMany(w => w.Drops).Where(d => d.Location == top.Key).Sum(d => (long)d.Count);
        Assert.Equal(top.Count(), aggregated);
    }

    [Fact]
    public void Nothing_is_delivered_while_disabled_and_a_poll_times_out_with_zero()
    {
        HostKernel.RequireRoot();
        using var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions { RingPagesPerCpu = 8 });
        var sink = new RecordingSink();
        using var udp = new UdpToClosedPort();

        udp.Send(50);
        int delivered = tracepoint.Poll(sink, timeoutMs: 50);

        Assert.Equal(0, delivered);
        Assert.Empty(sink.Drops);
    }

    [Fact]
    public void A_small_ring_overflows_into_exact_lost_counts()
    {
        HostKernel.RequireRoot();
        // One data page holds ~60 events; without polling, most of 5000 cannot be stored.
        using var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions { RingPagesPerCpu = 1 });
        var sink = new RecordingSink();
        using var udp = new UdpToClosedPort();

        tracepoint.Enable();
        udp.Send(5000);
        tracepoint.Disable();
        tracepoint.Drain(sink);

        output.WriteLine($"delivered {sink.Drops.Count}, lost {tracepoint.LostEvents} (exact counter: {tracepoint.LostEventsExact})");
        Assert.True(tracepoint.LostEventsExact, "this host kernel (>= 6.0) supports PERF_FORMAT_LOST");
        Assert.True(tracepoint.LostEvents > 0);
        // Every drop is either delivered or counted as lost; other traffic on the host can only add a few.
        Assert.InRange(sink.Drops.Count + (long)tracepoint.LostEvents, 5000, 5000 + 100);
    }

    [Fact]
    public void Polling_into_the_aggregator_allocates_nothing_in_steady_state()
    {
        HostKernel.RequireRoot();
        using var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions());
        var aggregator = new DropAggregator(new SummaryRecorder(), TimeSpan.FromDays(1));
        using var udp = new UdpToClosedPort();
        tracepoint.Enable();
        udp.Send(500);
        while (tracepoint.Poll(aggregator, timeoutMs: 100) > 0)
        {
            // Warm-up: JIT, P/Invoke stubs, the aggregator's table.
        }

        udp.Send(1000); // the sends allocate nothing either, but keep them out of the measured region
        long before = GC.GetAllocatedBytesForCurrentThread();
        int delivered = 0;
        for (int i = 0; i < 5 && delivered < 1000; i++)
            delivered += tracepoint.Poll(aggregator, timeoutMs: 100);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(delivered >= 1000, $"delivered {delivered}");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_signal_interrupting_an_endless_poll_returns_zero()
    {
        HostKernel.RequireRoot();
        using var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions { RingPagesPerCpu = 8 });
        // A signal interrupts poll(2) only if it has a handler; this installs one (and swallows the signal).
        using var handler = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGWINCH, context => context.Cancel = true);
        int tid = 0;
        int result = -1;
        using var started = new ManualResetEventSlim();
        var poller = new Thread(() =>
        {
            tid = ThreadSignals.gettid();
            started.Set();
            result = tracepoint.Poll(new RecordingSink(), timeoutMs: -1); // disabled: nothing will ever arrive
        });

        poller.Start();
        started.Wait();
        Assert.False(poller.Join(300), "Poll(-1) returned without a signal");
        // The thread may not have entered poll yet; keep signalling until it returns.
        for (int i = 0; i < 50 && !poller.Join(100); i++)
            ThreadSignals.Send(tid, ThreadSignals.SIGWINCH);

        Assert.False(poller.IsAlive, "Poll(-1) did not return after SIGWINCH");
        Assert.Equal(0, result);
    }

    [Fact]
    public void Dispose_from_another_thread_ends_a_waiting_poll_with_zero()
    {
        HostKernel.RequireRoot();
        var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions { RingPagesPerCpu = 8 });
        int result = -1; // left disabled, so the poll can only end by its timeout
        var poller = new Thread(() => result = tracepoint.Poll(new RecordingSink(), timeoutMs: 500));

        poller.Start();
        Thread.Sleep(100);
        tracepoint.Dispose();

        Assert.True(poller.Join(5000), "Poll did not return after Dispose");
        Assert.Equal(0, result);
        Assert.Throws<ObjectDisposedException>(() => tracepoint.Poll(new RecordingSink(), 0));
    }

    [Fact]
    public void Open_reports_the_kernel_format_and_reason_names()
    {
        HostKernel.RequireRoot();
        using var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions());

        Assert.Equal("kfree_skb", tracepoint.Format.Name);
        Assert.Equal(tracepoint.Format.Id, tracepoint.TracepointId);
        Assert.NotNull(tracepoint.Format.Reason); // this host kernel is >= 5.17
        Assert.Equal(OnlineCpus.Read(), tracepoint.Cpus);
    }

    [Fact]
    public void Methods_after_Dispose_throw_and_Dispose_is_idempotent()
    {
        HostKernel.RequireRoot();
        var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions { RingPagesPerCpu = 8 });
        tracepoint.Dispose();
        tracepoint.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tracepoint.Enable());
        Assert.Throws<ObjectDisposedException>(() => tracepoint.Poll(new RecordingSink(), 0));
    }

    [Fact]
    public void A_wrong_tracefs_path_is_reported_clearly()
    {
        var e = Assert.Throws<TracepointException>(() =>
            KfreeSkbTracepoint.Open(new TracepointOptions { TracefsPath = "/nonexistent" }));

        Assert.Contains("'/nonexistent' is not a tracefs mount", e.Message);
    }

    private static uint ReasonNumber(TracepointFormat format, string name) =>
        format.ReasonNames.Single(pair => pair.Value == name).Key;
}
