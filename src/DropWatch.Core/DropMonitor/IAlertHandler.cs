using DropWatch.Core.Events;

namespace DropWatch.Core.DropMonitor;

/// <summary>
/// Receives decoded alerts. Spans point into the receive buffer and are valid only during the call.
/// </summary>
public interface IAlertHandler
{
    /// <summary>One software summary entry (pc + count).</summary>
    void OnSoftwareDrop(SoftwareDrop drop);

    /// <summary>One hardware summary entry: a devlink trap name and its count.</summary>
    void OnHardwareDrop(ReadOnlySpan<byte> trapName, uint count);

    /// <summary>One packet-mode alert.</summary>
    void OnPacketAlert(in PacketAlert alert);

    /// <summary>A summary alert arrived with the kernel's 64-entry table full: later locations in that batch went uncounted.</summary>
    void OnSummaryTableFull();
}
