using DropWatch.Cli.Repl;

namespace DropWatch.Cli.Tests;

public class CompletionTests
{
    [Theory]
    [InlineData("", "exit help set start stop show stats top")]
    [InlineData("st", "start stop stats")]
    [InlineData("set ", "alertlimit alertmode trunc queue sw hw filter")]
    [InlineData("set al", "alertlimit alertmode")]
    [InlineData("set alertmode p", "packet")]
    [InlineData("set hw ", "true false")]
    [InlineData("start ", "")]
    [InlineData("show ", "table")]
    [InlineData("show t", "table")]
    public void CompletesByContext(string line, string expected) =>
        Assert.Equal(expected, string.Join(' ', CommandCompletion.Complete(line)));
}
