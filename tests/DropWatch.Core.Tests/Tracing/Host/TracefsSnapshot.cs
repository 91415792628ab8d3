namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>
/// The tracefs state a careless tracer would change: the event's enable/filter/trigger files, the global
/// event list and on/off switch, and the set of instances. Equal snapshots mean we left tracefs alone.
/// </summary>
internal sealed record TracefsSnapshot(string KfreeSkbEnable, string KfreeSkbFilter, string KfreeSkbTrigger,
    string SetEvent, string TracingOn, string Instances)
{
    public static TracefsSnapshot Take(string root)
    {
        var eventDir = Path.Combine(root, "events", "skb", "kfree_skb");
        return new TracefsSnapshot(
            Read(Path.Combine(eventDir, "enable")),
            Read(Path.Combine(eventDir, "filter")),
            Read(Path.Combine(eventDir, "trigger")),
            Read(Path.Combine(root, "set_event")),
            Read(Path.Combine(root, "tracing_on")),
            string.Join(",", Directory.GetDirectories(Path.Combine(root, "instances")).Order()));
    }

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "<absent>";
}
