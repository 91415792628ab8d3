using DropWatch.Netlink.Wire;

namespace DropWatch.Core.DropMonitor;

/// <summary>Decodes the unicast replies to CONFIG_GET and STATS_GET.</summary>
public static class ReplyDecoder
{
    public static DropMonitorConfig DecodeConfig(in NetlinkMessage message)
    {
        GenericMessage genl = Expect(message, NetDm.CmdConfigNew);
        byte? mode = null;
        uint? trunc = null, queue = null;
        AttributeReader r = genl.GetAttributes();
        while (r.TryRead(out NetlinkAttribute a))
        {
            switch (a.Type)
            {
                case NetDm.AttrAlertMode: mode = a.GetU8(); break;
                case NetDm.AttrTruncLen: trunc = a.GetU32(); break;
                case NetDm.AttrQueueLen: queue = a.GetU32(); break;
            }
        }
        return new DropMonitorConfig(mode, trunc, queue);
    }

    public static DropMonitorStats DecodeStats(in NetlinkMessage message)
    {
        GenericMessage genl = Expect(message, NetDm.CmdStatsNew);
        ulong? software = null, hardware = null;
        AttributeReader r = genl.GetAttributes();
        while (r.TryRead(out NetlinkAttribute a))
        {
            if (a.Type == NetDm.AttrStats) software = Dropped(a.GetNested());
            else if (a.Type == NetDm.AttrHwStats) hardware = Dropped(a.GetNested());
        }
        return new DropMonitorStats(software, hardware);
    }

    // STATS_DROPPED is type 0 inside the nest; a pad attribute (type 8) may precede it.
    private static ulong? Dropped(AttributeReader nest)
    {
        while (nest.TryRead(out NetlinkAttribute a))
        {
            if (a.Type == NetDm.AttrStatsDropped)
                return a.GetU64();
        }
        return null;
    }

    private static GenericMessage Expect(in NetlinkMessage message, byte command)
    {
        GenericMessage genl = GenericMessage.Parse(message);
        if (genl.Command != command)
            ThrowHelper.Malformed($"NET_DM reply has command {genl.Command}, expected {command}");
        return genl;
    }
}
