using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// What a filter works out about one record beyond the event itself (which every node is handed
/// alongside): where it was resolved, the interface names, and the packet's headers, parsed once on the
/// first comparison that needs them, on the stack.
/// </summary>
internal struct FilterInput(DropLocation location, Func<uint, string?>? interfaceNames)
{
    public readonly DropLocation Location = location;
    private PacketHeaders _headers;
    private bool _parsed;

    public PacketHeaders Headers(in DropEvent drop)
    {
        if (!_parsed)
        {
            _headers = PacketHeaders.Parse(drop);
            _parsed = true;
        }
        return _headers;
    }

    public bool TryGetNumber(in DropEvent d, FilterField field, out ulong value)
    {
        value = 0;
        switch (field)
        {
            case FilterField.Origin when d.HasOrigin: value = (ulong)d.Origin; return true;
            case FilterField.Proto when d.HasProtocol: value = d.Protocol; return true;
            case FilterField.IfIndex when d.HasIfIndex: value = d.IfIndex; return true;
            case FilterField.Pid when d.HasProcess: value = (ulong)d.Pid; return true;
            case FilterField.Cpu when d.Cpu >= 0: value = (ulong)d.Cpu; return true;
            case FilterField.L4:
            {
                PacketHeaders h = Headers(d);
                value = h.L4;
                return h.HasL4;
            }
            case FilterField.Sport or FilterField.Dport:
            {
                PacketHeaders h = Headers(d);
                value = field == FilterField.Sport ? h.SourcePort : h.DestinationPort;
                return h.HasPorts;
            }
            default: return false;
        }
    }

    public readonly string? InterfaceName(in DropEvent drop) => drop.HasIfIndex ? interfaceNames?.Invoke(drop.IfIndex) : null;
}
