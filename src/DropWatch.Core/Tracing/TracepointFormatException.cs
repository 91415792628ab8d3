namespace DropWatch.Core.Tracing;

/// <summary>A tracefs <c>format</c> file did not have the expected shape.</summary>
public sealed class TracepointFormatException : TracepointException
{
    public TracepointFormatException(string message, int lineNumber = 0)
        : base(lineNumber > 0 ? $"format file line {lineNumber}: {message}" : $"format file: {message}")
    {
        LineNumber = lineNumber;
    }

    /// <summary>1-based line of the problem, or 0 when it concerns the file as a whole.</summary>
    public int LineNumber { get; }
}
