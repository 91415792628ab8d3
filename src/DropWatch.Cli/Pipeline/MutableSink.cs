using DropWatch.Core.Events;

namespace DropWatch.Cli.Pipeline;

/// <summary>
/// A sink that can be silenced for a while: the live view takes over the terminal, so the record stream
/// (upstream's lines or JSON) must not be written into it.
/// </summary>
public sealed class MutableSink(IDropSink inner) : IDropSink
{
    public bool Muted { get; set; }

    public void OnSessionStarted(in SessionStart start)
    {
        if (!Muted) inner.OnSessionStarted(start);
    }

    public void OnDrop(in DropEvent drop, in DropLocation location)
    {
        if (!Muted) inner.OnDrop(drop, location);
    }

    public void OnSessionEnded(in SessionEnd end)
    {
        if (!Muted) inner.OnSessionEnded(end);
    }
}
