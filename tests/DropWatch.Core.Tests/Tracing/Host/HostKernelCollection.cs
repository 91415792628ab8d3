namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>
/// Tests that open the real tracepoint run one at a time: the clean-up test counts this process's perf
/// descriptors, and a parallel test holding its own would make that count meaningless.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostKernelCollection
{
    public const string Name = "Host kernel tracepoint";
}
