namespace DropWatch.Cli.Output;

/// <summary>How records are printed: upstream's text, or JSON Lines.</summary>
public enum OutputFormat
{
    Text,
    Json,
}
