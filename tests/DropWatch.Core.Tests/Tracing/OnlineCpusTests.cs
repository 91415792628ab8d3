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

    [Theory]
    [InlineData("2147483647")]
    [InlineData("0-2147483647")]
    [InlineData("2147483640-2147483647")]
    [InlineData("0-65536")]
    [InlineData("0-3,2-5")]
    [InlineData("4,1")]
    public async Task Cpu_numbers_beyond_any_kernel_are_rejected_promptly(string text)
    {
        // The range loop's counter used to overflow at int.MaxValue and run until memory ran out.
        var parse = Task.Run(() => OnlineCpus.Parse(text));
        Assert.Same(parse, await Task.WhenAny(parse, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.IsType<TracepointException>(parse.Exception?.InnerException);
    }

    [Fact]
    public void The_largest_cpu_number_is_accepted()
    {
        Assert.Equal([OnlineCpus.MaxCpu], OnlineCpus.Parse(OnlineCpus.MaxCpu.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
