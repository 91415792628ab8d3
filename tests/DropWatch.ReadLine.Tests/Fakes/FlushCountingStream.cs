namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>A memory stream that counts flushes and remembers how much had been written at each.</summary>
internal sealed class FlushCountingStream : MemoryStream
{
    public List<long> FlushedLengths { get; } = new();

    public override void Flush()
    {
        FlushedLengths.Add(Length);
        base.Flush();
    }
}
