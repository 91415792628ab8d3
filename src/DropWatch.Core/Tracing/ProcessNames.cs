using System.Text;

namespace DropWatch.Core.Tracing;

/// <summary>
/// pid → command name at the time of a drop. The rings' own records come first: a PERF_RECORD_COMM
/// (exec, rename) or PERF_RECORD_FORK (a child starts with its parent's name) says what a process is
/// called from when on, so a process that has exited since, or exec'd since, is still named as it was
/// at its drop. Each pid keeps its current name, when it began, and the one before it, enough for a
/// drop that came just before an exec. A pid the rings said nothing about (it existed before monitoring
/// began) falls back to <c>/proc/PID/comm</c> (without its newline), read once. The table is bounded:
/// a churn of short-lived pids cannot grow it without limit. A task that is gone and was never named
/// by a record is unknown (empty). Pid 0 is the idle task, which has no /proc entry:
/// <c>swapper/CPU</c>, as the kernel names it.
/// </summary>
public sealed class ProcessNames(string procRoot = "/proc", int capacity = 4096)
{
    /// <param name="Current">The name from <paramref name="SinceNs"/> on (0: as far back as we know).</param>
    /// <param name="Previous">The name before <paramref name="SinceNs"/>; null when not known.</param>
    private readonly record struct Entry(byte[] Current, ulong SinceNs, byte[]? Previous);

    private readonly Dictionary<int, Entry> _names = [];
    private readonly Dictionary<int, byte[]> _idle = [];

    /// <summary>The name of <paramref name="pid"/> at <paramref name="atNs"/> (the drop's time); empty when unknown.</summary>
    public ReadOnlySpan<byte> Get(int pid, int cpu, ulong atNs = ulong.MaxValue)
    {
        if (pid == 0)
        {
            if (!_idle.TryGetValue(cpu, out byte[]? idle))
                _idle[cpu] = idle = Encoding.ASCII.GetBytes($"swapper/{cpu}");
            return idle;
        }
        if (_names.TryGetValue(pid, out Entry entry))
            return atNs < entry.SinceNs && entry.Previous is { } before ? before : entry.Current;
        byte[] name = Read(pid);
        Store(pid, new Entry(name, 0, null));
        return name;
    }

    /// <summary>
    /// From a COMM record: <paramref name="pid"/> is called <paramref name="name"/> from <paramref name="sinceNs"/> on.
    /// Records come ring after ring, so one may be older than what is known already: then it is the
    /// name before the known one, not a newer one.
    /// </summary>
    public void Learn(int pid, ReadOnlySpan<byte> name, ulong sinceNs)
    {
        if (!_names.TryGetValue(pid, out Entry known))
        {
            Store(pid, new Entry(name.ToArray(), sinceNs, null));
            return;
        }
        if (sinceNs < known.SinceNs)
        {
            if (known.Previous is null || !name.SequenceEqual(known.Previous))
                Store(pid, known with { Previous = name.ToArray() });
            return;
        }
        if (!name.SequenceEqual(known.Current)) // a rename to the same name changes nothing
            Store(pid, new Entry(name.ToArray(), sinceNs, known.Current));
    }

    /// <summary>
    /// From a FORK record: the child starts as its parent is called now. A name the child already has
    /// from the rings (its exec was drained in the same batch) is newer and stays.
    /// </summary>
    public void Inherit(int pid, int parentPid, ulong atNs)
    {
        if (_names.TryGetValue(pid, out Entry known) && known.SinceNs >= atNs && known.SinceNs != 0)
            return;
        byte[] parent = Get(parentPid, 0, atNs).ToArray();
        Store(pid, new Entry(parent, atNs, null));
    }

    /// <summary>Forgets every name (a new session: pids may have been reused meanwhile).</summary>
    public void Clear() => _names.Clear();

    private void Store(int pid, Entry entry)
    {
        if (_names.Count >= capacity && !_names.ContainsKey(pid))
            _names.Clear(); // pids are recycled anyway; start over rather than grow
        _names[pid] = entry;
    }

    private byte[] Read(int pid)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes($"{procRoot}/{pid}/comm");
            int length = bytes.AsSpan().IndexOf((byte)'\n');
            return length < 0 ? bytes : bytes[..length];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
