using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Route;

/// <summary>
/// ifindex → interface name, from an rtnetlink RTM_GETLINK dump. Names are cached. An index seen for
/// the first time is looked up at once (one dump), so an interface created while we monitor is named
/// from its first drop. An index that its dump did not know is remembered (at most
/// <see cref="MaxUnknown"/> of them) and asked about again at most once per
/// <see cref="RefreshIntervalMs"/>, and never sooner than <see cref="MinDumpGapMs"/> after any dump:
/// a stream of drops on an interface that is gone costs one dump a second, not one per drop. An index
/// past that memory is treated as one already asked about, with the last dump as its last try. A dump
/// that fails keeps the names already known. Call from one thread (the monitoring loop).
/// </summary>
public sealed class InterfaceNames(Func<INetlinkTransport> openRoute, Func<long>? clockMs = null)
{
    public const int RefreshIntervalMs = 1000;

    /// <summary>No retry within this long of any dump: first sights of many indexes at once share the dumps they just caused.</summary>
    internal const int MinDumpGapMs = 100;

    /// <summary>Unknown indexes remembered; garbage ifindexes in hostile traffic cannot grow this without bound.</summary>
    internal const int MaxUnknown = 1024;

    private readonly Func<long> _clockMs = clockMs ?? (() => Environment.TickCount64);
    private Dictionary<uint, string> _names = [];
    // unknown index → when the last dump made for it (first sight or retry) was made
    private readonly Dictionary<uint, long> _unknown = [];
    private readonly List<uint> _found = [];
    private long _lastDump = long.MinValue;

    /// <summary>Dumps made so far (for tests and the curious).</summary>
    public int Refreshes { get; private set; }

    /// <summary>The name of <paramref name="index"/>, or null when the kernel does not know it (or cannot be asked).</summary>
    public string? Lookup(uint index)
    {
        if (_names.TryGetValue(index, out string? name))
            return name;
        long now = _clockMs();
        if (!DueForDump(index, now))
            return null;
        Refresh(now);
        if (_names.TryGetValue(index, out name))
            return name;
        if (_unknown.ContainsKey(index) || _unknown.Count < MaxUnknown)
            _unknown[index] = now;
        return null;
    }

    private bool DueForDump(uint index, long now)
    {
        if (_lastDump == long.MinValue)
            return true;
        if (_unknown.TryGetValue(index, out long lastTry))
            return now - lastTry >= RefreshIntervalMs && now - _lastDump >= MinDumpGapMs;
        if (_unknown.Count < MaxUnknown)
            return true; // first sight
        return now - _lastDump >= RefreshIntervalMs; // not remembered: the last dump was its last try
    }

    private void Refresh(long now)
    {
        Refreshes++;
        _lastDump = now;
        try
        {
            _names = Dump(openRoute);
        }
        catch (NetlinkException)
        {
            // No rtnetlink (a sandbox) or a dump cut short: names are a nicety, the drops still flow.
        }
        // Indexes this dump named need no retry: forget them (their slots serve new unknowns).
        foreach (uint unknown in _unknown.Keys)
        {
            if (_names.ContainsKey(unknown))
                _found.Add(unknown);
        }
        foreach (uint found in _found)
            _unknown.Remove(found);
        _found.Clear();
    }

    /// <summary>One complete dump of the kernel's interface table.</summary>
    public static Dictionary<uint, string> Dump(Func<INetlinkTransport> openRoute)
    {
        var names = new Dictionary<uint, string>();
        using var channel = new RequestChannel(openRoute(), replyTimeoutMs: 1000);
        Span<byte> request = stackalloc byte[64];
        uint sequence = channel.NextSequence();
        int length = LinkDump.WriteRequest(request, sequence);
        channel.Dump("dump the interface table", request[..length], sequence, (in NetlinkMessage m) =>
        {
            if (LinkDump.TryDecode(m, out uint index, out string name))
                names[index] = name;
        });
        return names;
    }
}
