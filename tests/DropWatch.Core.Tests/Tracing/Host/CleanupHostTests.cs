using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>Monitoring must leave no trace: no perf descriptors after Dispose, tracefs exactly as it was.</summary>
[Collection(HostKernelCollection.Name)]
public class CleanupHostTests
{
    [Fact]
    public void Dispose_closes_every_perf_descriptor_and_tracefs_is_untouched()
    {
        HostKernel.RequireRoot();
        using var held = HostKernel.HoldTracefs();
        string tracefs;
        using (var probe = KfreeSkbTracepoint.Open(new TracepointOptions { RingPagesPerCpu = 8 }))
            tracefs = probe.TracefsPath; // Open may mount tracefs; snapshot after that
        int fdsBefore = HostKernel.CountPerfEventFds();
        var before = TracefsSnapshot.Take(tracefs);

        var tracepoint = KfreeSkbTracepoint.Open(new TracepointOptions());
        Assert.Equal(fdsBefore + tracepoint.Cpus.Count, HostKernel.CountPerfEventFds());
        tracepoint.Enable();
        using (var udp = new UdpToClosedPort())
            udp.Send(100);
        Assert.Equal(before, TracefsSnapshot.Take(tracefs)); // not even while enabled
        tracepoint.Poll(new RecordingSink(), timeoutMs: 100);
        tracepoint.Dispose();

        Assert.Equal(fdsBefore, HostKernel.CountPerfEventFds());
        var afterwards = TracefsSnapshot.Take(tracefs);
        Assert.Equal(before, afterwards);
        Assert.Equal("0", afterwards.KfreeSkbEnable.Trim());
    }

    [Fact]
    public void A_failure_on_a_later_cpu_closes_the_events_already_opened()
    {
        HostKernel.RequireRoot();
        int fdsBefore = HostKernel.CountPerfEventFds();

        var e = Assert.Throws<TracepointException>(() =>
            KfreeSkbTracepoint.Open(new TracepointOptions { Cpus = [0, 4095] }));

        Assert.Contains("cpu 4095", e.Message);
        Assert.Equal(fdsBefore, HostKernel.CountPerfEventFds());
    }
}
