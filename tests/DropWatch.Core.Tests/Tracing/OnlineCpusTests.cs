using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

public class OnlineCpusTests
{
    [Theory]
    [InlineData("0\n", new[] { 0 })]
    [InlineData("0-1\n", new[] { 0, 1 })]
    [InlineData("0-2,4,6-7\n", new[] { 0, 1, 2, 4, 6, 7 })]
    public void Parses_the_kernel_cpu_list(string text, int[] expected)
    {
        Assert.Equal(expected, OnlineCpus.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3-1")]
    [InlineData("a")]
    [InlineData("0-")]
    public void Rejects_malformed_lists(string text)
    {
        Assert.Throws<TracepointException>(() => OnlineCpus.Parse(text));
    }

    [Fact]
    public void This_machine_has_an_online_cpu_list()
    {
        Assert.NotEmpty(OnlineCpus.Read());
    }
}
