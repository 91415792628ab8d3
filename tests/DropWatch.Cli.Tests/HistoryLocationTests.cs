using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Tests;

public class HistoryLocationTests
{
    [Theory]
    [InlineData(null, "/root", "/root/.dropwatch_history")]
    [InlineData("/tmp/h", "/root", "/tmp/h")]
    [InlineData("", "/root", null)]   // set but empty: no history file
    [InlineData(null, null, null)]    // no HOME: none rather than one in the working directory
    [InlineData(null, "", null)]
    public void VariableOverridesTheHomeFile(string? variable, string? home, string? expected) =>
        Assert.Equal(expected, HistoryLocation.Resolve(variable, home));
}
