using DropWatch.Cli.Exporter;

namespace DropWatch.Cli.Tests.Exporter;

public class BoundedCounterTableTests
{
    private static Dictionary<SeriesLabels, long> Snapshot(BoundedCounterTable t) =>
        Enumerable.Range(0, t.Count).ToDictionary(t.LabelsAt, t.CountAt);

    [Fact]
    public void NewLocationsBeyondTheBoundAreFoldedIntoOtherWithTheirReason()
    {
        var t = new BoundedCounterTable(capacity: 3, foldedLabel: 1);
        t.Add(new("software", "a", "NO_SOCKET"), 5);
        t.Add(new("software", "b", "NO_SOCKET"), 7);
        t.Add(new("software", "c", "NO_SOCKET"), 11); // third location: the last slot is its fold
        t.Add(new("software", "d", "NO_SOCKET"), 13);
        t.Add(new("software", "a", "NO_SOCKET"), 1);

        Assert.Equal(new Dictionary<SeriesLabels, long>
        {
            [new("software", "a", "NO_SOCKET")] = 6,
            [new("software", "b", "NO_SOCKET")] = 7,
            [new("software", "other", "NO_SOCKET")] = 24,
        }, Snapshot(t));
        Assert.Equal(0, t.Overflow);
    }

    [Fact]
    public void AQuarterOfTheSlotsIsKeptForFoldsSoLateReasonsStillHaveASeries()
    {
        var t = new BoundedCounterTable(capacity: 8, foldedLabel: 1);
        Assert.Equal(6, t.OwnSeries);
        for (int i = 0; i < 10; i++)
            t.Add(new("software", $"f{i}", "A"), 1);          // 6 own series, 4 folded into other/A
        t.Add(new("software", "late", "NO_SOCKET"), 5);        // a new reason after the locations are full
        t.Add(new("software", "later", "NO_SOCKET"), 5);
        t.Add(new("software", "last", "B"), 3);                // no room left for other/B
        var s = Snapshot(t);
        Assert.Equal(8, t.Count);
        Assert.Equal(4, s[new("software", "other", "A")]);
        Assert.Equal(10, s[new("software", "other", "NO_SOCKET")]);
        Assert.Equal(3, t.Overflow);
    }

    [Fact]
    public void NeverMoreSeriesThanTheBoundAndNothingIsLostFromTheTotal()
    {
        var t = new BoundedCounterTable(capacity: 5, foldedLabel: 1);
        long added = 0;
        for (int i = 0; i < 1000; i++)
        {
            t.Add(new("software", $"f{i}", $"R{i % 7}"), i + 1);
            added += i + 1;
            Assert.True(t.Count <= 5);
        }
        long inSeries = Snapshot(t).Values.Sum();
        Assert.Equal(5, t.Count);
        Assert.True(t.Overflow > 0);
        Assert.Equal(added, inSeries + t.Overflow);
    }

    [Fact]
    public void EveryExportedSeriesStaysAndNeverGoesDown()
    {
        var t = new BoundedCounterTable(capacity: 4, foldedLabel: 1);
        var random = new Random(7);
        var seen = new Dictionary<SeriesLabels, long>();
        for (int step = 0; step < 2000; step++)
        {
            t.Add(new("software", $"f{random.Next(20)}", $"R{random.Next(3)}"), random.Next(1, 4));
            var now = Snapshot(t);
            foreach ((SeriesLabels labels, long before) in seen)
            {
                Assert.True(now.TryGetValue(labels, out long after), $"{labels} vanished");
                Assert.True(after >= before, $"{labels} went from {before} to {after}");
            }
            seen = now;
        }
    }

    [Fact]
    public void AFoldedLabelSetFindsItsExistingOtherSeriesEvenWhenTheTableIsFull()
    {
        var t = new BoundedCounterTable(capacity: 2, foldedLabel: 1);
        t.Add(new("software", "a", "X"), 1);
        t.Add(new("software", "b", "X"), 2); // -> other/X, table now full
        t.Add(new("software", "c", "Y"), 4); // other/Y has no room: unlabelled
        t.Add(new("software", "d", "X"), 8); // other/X exists
        Assert.Equal(10, Snapshot(t)[new("software", "other", "X")]);
        Assert.Equal(4, t.Overflow);
    }

    [Fact]
    public async Task ReadersOnAnotherThreadSeeOnlyWholeSeriesAndRisingCounts()
    {
        var t = new BoundedCounterTable(capacity: 64, foldedLabel: 1);
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var last = new long[64];
            while (!done.IsCancellationRequested)
            {
                int n = t.Count;
                for (int i = 0; i < n; i++)
                {
                    Assert.NotNull(t.LabelsAt(i).Second);
                    long c = t.CountAt(i);
                    Assert.True(c >= last[i]);
                    last[i] = c;
                }
            }
        });
        for (int i = 0; i < 200_000; i++)
            t.Add(new("software", $"f{i % 100}", "R"), 1);
        done.Cancel();
        await reader;
        Assert.Equal(200_000, Snapshot(t).Values.Sum() + t.Overflow);
    }
}
