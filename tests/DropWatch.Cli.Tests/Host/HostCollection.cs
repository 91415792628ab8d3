namespace DropWatch.Cli.Tests.Host;

/// <summary>Tests that drive the real kernel run one at a time: they share its tracepoint and loopback.</summary>
[CollectionDefinition("host kernel", DisableParallelization = true)]
public class HostCollection;
