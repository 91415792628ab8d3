namespace DropWatch.Core.DropMonitor;

/// <summary>Numbers of the NET_DM generic-netlink family (&lt;linux/net_dropmon.h&gt;).</summary>
public static class NetDm
{
    public const string FamilyName = "NET_DM";
    public const string EventsGroupName = "events";
    /// <summary>The kernel pins the events group to id 1; used only when the name is not listed (pre-3.13 kernels).</summary>
    public const uint LegacyEventsGroupId = 1;
    /// <summary>The version the tool writes in request headers (the kernel ignores it).</summary>
    public const byte RequestVersion = 1;

    public const byte CmdAlert = 1;
    public const byte CmdConfig = 2;
    public const byte CmdStart = 3;
    public const byte CmdStop = 4;
    public const byte CmdPacketAlert = 5;
    public const byte CmdConfigGet = 6;
    public const byte CmdConfigNew = 7;
    public const byte CmdStatsGet = 8;
    public const byte CmdStatsNew = 9;

    public const ushort AttrLegacyAlert = 0;
    public const ushort AttrAlertMode = 1;
    public const ushort AttrPc = 2;
    public const ushort AttrSymbol = 3;
    public const ushort AttrInPort = 4;
    public const ushort AttrTimestamp = 5;
    public const ushort AttrProto = 6;
    public const ushort AttrPayload = 7;
    public const ushort AttrPad = 8;
    public const ushort AttrTruncLen = 9;
    public const ushort AttrOrigLen = 10;
    public const ushort AttrQueueLen = 11;
    public const ushort AttrStats = 12;
    public const ushort AttrHwStats = 13;
    public const ushort AttrOrigin = 14;
    public const ushort AttrHwTrapGroupName = 15;
    public const ushort AttrHwTrapName = 16;
    public const ushort AttrHwEntries = 17;
    public const ushort AttrHwEntry = 18;
    public const ushort AttrHwTrapCount = 19;
    public const ushort AttrSwDrops = 20;
    public const ushort AttrHwDrops = 21;
    public const ushort AttrFlowActionCookie = 22;
    public const ushort AttrReason = 23;

    // Inside AttrInPort.
    public const ushort AttrPortIfIndex = 0;
    public const ushort AttrPortName = 1;

    // Inside AttrStats / AttrHwStats.
    public const ushort AttrStatsDropped = 0;

    /// <summary>The kernel keeps at most this many distinct locations per summary batch; more are not counted.</summary>
    public const int SummaryEntryLimit = 64;

    /// <summary>struct net_dm_drop_point: 8-byte pc then u32 count.</summary>
    public const int DropPointSize = 12;
}
