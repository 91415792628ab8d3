using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Tests.Host;

public class HugePagesHostTests
{
    [Fact]
    public void The_process_leaves_transparent_huge_pages_off()
    {
        // The kernel reports the per-process THP switch in /proc/PID/status since 5.0.
        static string? Field() => File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("THP_enabled:", StringComparison.Ordinal));
        HugePages.DisableForThisProcess();
        Assert.NotNull(Field());
        Assert.Equal("0", Field()!.Split(':')[1].Trim());
    }
}
