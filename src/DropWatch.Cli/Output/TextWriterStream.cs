using System.Text;

namespace DropWatch.Cli.Output;

/// <summary>A write-only stream over a <see cref="TextWriter"/>, for a console that tests capture as text.</summary>
public sealed class TextWriterStream(TextWriter writer) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> buffer) => writer.Write(Encoding.UTF8.GetString(buffer));

    public override void Flush() => writer.Flush();
}
