namespace DropWatch.Core.Events;

/// <summary>What one <see cref="DropEvent"/> stands for.</summary>
public enum DropKind : byte
{
    /// <summary>A count of software drops at one location over a short interval (NET_DM summary mode, or a tracepoint window).</summary>
    SoftwareSummary,
    /// <summary>A count of packets one devlink trap dropped over a short interval (NET_DM summary mode).</summary>
    HardwareSummary,
    /// <summary>One dropped packet, with whatever the source knows about it.</summary>
    Packet,
}
