namespace DropWatch.Cli.Filtering;

/// <summary>A filter expression that cannot be compiled: where (1-based column) and why, in one line.</summary>
public sealed class FilterSyntaxException(int column, string reason) : Exception($"filter: column {column}: {reason}")
{
    public int Column { get; } = column;
    public string Reason { get; } = reason;
}
