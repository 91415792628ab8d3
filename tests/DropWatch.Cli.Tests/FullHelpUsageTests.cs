using DropWatch.Cli.Options;

namespace DropWatch.Cli.Tests;

public class FullHelpUsageTests
{
    private const string Ours = "Usage:\n  dropwatch [-l METHOD]\n";

    [Theory]
    [InlineData("Description:\n  x\n\nUsage:\n  testhost [options]\n\nOptions:\n  -h\n", "Description:\n  x\n\n" + Ours + "\nOptions:\n  -h\n")]
    [InlineData("Usage:\n  dropwatch [options]\n", Ours)]
    public void The_generic_usage_section_is_replaced(string help, string expected) =>
        Assert.Equal(expected, FullHelpAction.WithUsage(help, Ours));

    [Theory]
    [InlineData("no usage section here\n")]
    [InlineData("Usage:\n  two words [options]\n")] // not one executable name
    [InlineData("xUsage:\n  dropwatch [options]\n")] // not at the start of a line
    [InlineData("Usage:\n  dropwatch [options]")] // the line never ends
    [InlineData("Usage:\n  dropwatch <command>\n")]
    public void Anything_else_is_left_as_it_is(string help) =>
        Assert.Equal(help, FullHelpAction.WithUsage(help, Ours));
}
