using System.Diagnostics;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Output;

namespace DropWatch.Cli.Tests;

/// <summary>The write schedule off a terminal, on a test clock: sporadic alerts go out at once, a stream is batched.</summary>
public class WriteScheduleTests
{
    private long _ticks = 1_000_000;

    private static long Ms(int ms) => Stopwatch.Frequency * ms / 1000;

    private (WriteSchedule Schedule, Outputs Outputs, MemoryStream Written) Setup()
    {
        var written = new MemoryStream();
        return (new WriteSchedule(immediate: false, () => _ticks), Outputs.Shared(new OutputBuffer(written)), written);
    }

    [Fact]
    public void A_sporadic_alert_is_written_at_once_and_nothing_is_left_due()
    {
        var (schedule, outputs, written) = Setup();
        Assert.False(schedule.NoteArrival()); // the first alert of a session has no stream to be part of
        outputs.Data.WriteLine("1 drops at x");
        schedule.AfterBurst(outputs, sporadic: true);
        Assert.True(written.Length > 0);
        Assert.Equal(-1, schedule.WaitMs()); // the loop may sleep until the next alert

        _ticks += Ms(WriteSchedule.SporadicGapMs + 1);
        Assert.False(schedule.NoteArrival()); // a second later: sporadic again (NET_DM summaries)
    }

    [Fact]
    public void Alerts_close_together_are_batched_until_the_oldest_byte_is_due()
    {
        var (schedule, outputs, written) = Setup();
        schedule.NoteArrival();
        _ticks += Ms(5);
        Assert.True(schedule.NoteArrival()); // 5 ms after the one before: a stream
        outputs.Data.WriteLine("1 drops at x");
        schedule.AfterBurst(outputs, sporadic: false);
        Assert.Equal(0, written.Length);
        Assert.InRange(schedule.WaitMs(), 1, WriteSchedule.MaxDelayMs);

        _ticks += Ms(WriteSchedule.MaxDelayMs - 1);
        schedule.AfterBurst(outputs, sporadic: false);
        Assert.Equal(0, written.Length);
        _ticks += Ms(1);
        schedule.AfterBurst(outputs, sporadic: false);
        Assert.True(written.Length > 0, "written once the oldest byte reached the deadline");
        Assert.Equal(-1, schedule.WaitMs());
    }
}
