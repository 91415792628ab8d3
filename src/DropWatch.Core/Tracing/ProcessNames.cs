using System.Text;

namespace DropWatch.Core.Tracing;

/// <summary>
/// pid → command name (<c>/proc/PID/comm</c>, without its newline), read once per pid and kept in a
/// bounded table: a drop storm from one process reads the file once, not per drop, and a churn of
/// short-lived pids cannot grow the table without limit. A task that is gone is remembered as unknown
/// (empty). Pid 0 is the idle task, which has no /proc entry: <c>swapper/CPU</c>, as the kernel names it.
/// </summary>
public sealed class ProcessNames(string procRoot = "/proc", int capacity = 4096)
{
    private readonly Dictionary<int, byte[]> _names = [];
    private readonly Dictionary<int, byte[]> _idle = [];

    /// <summary>Empty when the name could not be read.</summary>
    public ReadOnlySpan<byte> Get(int pid, int cpu)
    {
        if (pid == 0)
        {
            if (!_idle.TryGetValue(cpu, out byte[]? idle))
                _idle[cpu] = idle = Encoding.ASCII.GetBytes($"swapper/{cpu}");
            return idle;
        }
        if (_names.TryGetValue(pid, out byte[]? cached))
            return cached;
        if (_names.Count >= capacity)
            _names.Clear(); // pids are recycled anyway; start over rather than grow
        byte[] name = Read(pid);
        _names[pid] = name;
        return name;
    }

    /// <summary>Forgets every name (a new session: pids may have been reused meanwhile).</summary>
    public void Clear() => _names.Clear();

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
