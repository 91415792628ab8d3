using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Route;

/// <summary>
/// ifindex → interface name, from an rtnetlink RTM_GETLINK dump. Names are cached; an index the
/// cache does not know triggers a fresh dump, but at most once per <see cref="RefreshIntervalMs"/>,
/// so a stream of drops on an interface that is gone costs one dump a second, not one per drop.
/// A dump that fails keeps the names already known. Call from one thread (the monitoring loop).
/// </summary>
public sealed class InterfaceNames(Func<INetlinkTransport> openRoute, Func<long>? clockMs = null)
{
    public const int RefreshIntervalMs = 1000;

    private readonly Func<long> _clockMs = clockMs ?? (() => Environment.TickCount64);
    private Dictionary<uint, string> _names = [];
    private long _lastRefresh = long.MinValue;

    /// <summary>Dumps made so far (for tests and the curious).</summary>
    public int Refreshes { get; private set; }

    /// <summary>The name of <paramref name="index"/>, or null when the kernel does not know it (or cannot be asked).</summary>
    public string? Lookup(uint index)
    {
        if (_names.TryGetValue(index, out string? name))
            return name;
        long now = _clockMs();
        if (_lastRefresh != long.MinValue && now - _lastRefresh < RefreshIntervalMs)
            return null;
        _lastRefresh = now;
        Refresh();
        return _names.GetValueOrDefault(index);
    }

    private void Refresh()
    {
        Refreshes++;
        try
        {
            _names = Dump(openRoute);
        }
        catch (NetlinkException)
        {
            // No rtnetlink (a sandbox) or a dump cut short: names are a nicety, the drops still flow.
        }
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
