using System.Diagnostics;
using DropWatch.Core.Symbols;
using Xunit.Abstractions;

namespace DropWatch.Core.Tests.Symbols;

/// <summary>
/// Smoke tests on this machine's /proc/kallsyms. They assert only when the file shows real addresses
/// (root, kptr_restrict &lt; 2); otherwise they check the hidden-address diagnosis instead.
/// </summary>
public class RealKallsymsTests(ITestOutputHelper output)
{
    [Fact]
    public void Drop_function_resolves_to_itself_plus_zero()
    {
        KallsymsProbeResult probe = KallsymsProbe.Probe();
        SymbolLoadResult result = KallsymsLoader.Load();
        if (probe.Visibility == KallsymsVisibility.Hidden)
        {
            Assert.Equal(SymbolLoadProblem.AddressesHidden, result.Problem);
            output.WriteLine("addresses hidden here; real-address checks not run");
            return;
        }

        Assert.Equal(KallsymsVisibility.Visible, probe.Visibility);
        Assert.True(result.Succeeded, result.Message);

        // Read the address of the drop function straight from the file, independently of the loader.
        var (address, name) = File.ReadLines(KallsymsLoader.DefaultPath)
            .Select(line => line.Split(' ', 3))
            .Where(parts => parts.Length == 3 && parts[2] is "kfree_skb_reason" or "sk_skb_reason_drop")
            .Select(parts => (Convert.ToUInt64(parts[0], 16), parts[2]))
            .First();

        Assert.True(result.Table.TryFind(address, out SymbolMatch match));
        Assert.Equal(new SymbolMatch(name, 0, null), match);
        Assert.True(result.Table.TryFind(address + 1, out match));
        Assert.Equal(new SymbolMatch(name, 1, null), match);
    }

    [Fact]
    public void Load_time_and_allocation()
    {
        if (KallsymsProbe.Probe().Visibility != KallsymsVisibility.Visible) return;
        KallsymsLoader.Load(); // warm up the JIT and the kernel's caches

        var times = new List<double>();
        long allocated = 0;
        int count = 0;
        for (int run = 0; run < 5; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            SymbolLoadResult result = KallsymsLoader.Load();
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            times.Add(watch.Elapsed.TotalMilliseconds);
            count = result.Table!.Count;
        }

        output.WriteLine($"/proc/kallsyms: {count} symbols; load {times.Min():F1} ms best, {times.Average():F1} ms mean of 5; {allocated / 1048576.0:F1} MiB allocated");
        Assert.True(allocated < 20L * 1024 * 1024, $"{allocated} bytes allocated");
    }
}
