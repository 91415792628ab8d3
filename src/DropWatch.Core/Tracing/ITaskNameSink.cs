namespace DropWatch.Core.Tracing;

/// <summary>
/// Receives what the rings' side-band records say about process names (PERF_RECORD_COMM and
/// PERF_RECORD_FORK), before the drops of the same drain, on the polling thread. Times are in the
/// drops' clock (<see cref="TracepointDrop.TimestampNs"/>), so a drop can be named as at its time.
/// </summary>
public interface ITaskNameSink
{
    /// <summary>Whether names are wanted now; when not, the drain does not read the side-band records at all.</summary>
    bool WantsNames => true;

    /// <summary>Process <paramref name="pid"/> is called <paramref name="name"/> from <paramref name="sinceNs"/> on (exec, or a rename of its main thread).</summary>
    void OnName(int pid, ReadOnlySpan<byte> name, ulong sinceNs);

    /// <summary>Process <paramref name="pid"/> was forked from <paramref name="parentPid"/> at <paramref name="atNs"/>, and so carries its name.</summary>
    void OnFork(int pid, int parentPid, ulong atNs);
}
