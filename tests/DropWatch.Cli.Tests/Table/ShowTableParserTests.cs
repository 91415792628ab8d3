using DropWatch.Cli.Repl;

namespace DropWatch.Cli.Tests.Table;

public class ShowTableParserTests
{
    [Fact]
    public void ShowTableIsItsOwnCommand()
    {
        Assert.IsType<Command.ShowTable>(CommandParser.Parse("  show   table "));
        Assert.IsType<Command.Show>(CommandParser.Parse("show"));
    }

    [Theory]
    [InlineData("show tables")]
    [InlineData("show table now")]
    public void AnythingElseAfterShowIsRefused(string line) =>
        Assert.Contains("'show' takes no arguments, or 'table'", Assert.IsType<Command.Invalid>(CommandParser.Parse(line)).Message);
}
