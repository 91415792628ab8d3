namespace DropWatch.ReadLine.Input;

/// <summary>
/// A blocking source of raw input bytes. This is the seam that lets tests drive the editor
/// without a real file descriptor: production code reads an fd, tests feed scripted chunks.
/// </summary>
internal interface IInputSource
{
    /// <summary>Reads at least one byte, blocking until some arrive; returns 0 at end of input.</summary>
    int Read(Span<byte> buffer);
}
