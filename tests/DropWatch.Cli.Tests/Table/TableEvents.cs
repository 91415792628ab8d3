using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests.Table;

/// <summary>A drop table on a clock the test moves, and the events fed to it.</summary>
internal sealed class TableEvents
{
    /// <summary>2026-12-02T06:00:00Z.</summary>
    public const ulong Epoch = 1_796_191_200_000_000_000;

    public ulong Now = Epoch;
    public DropTable Table { get; }

    public TableEvents(AlertMode mode = AlertMode.Packet, int maxKeys = DropTable.DefaultMaxKeys, bool byProcess = false,
        string source = "NET_DM")
    {
        Table = new DropTable(() => Now, maxKeys, byProcess);
        Table.Begin(new SessionStart(source, mode, Origins.Software, 0, Now));
    }

    public void At(double secondsAfterStart) => Now = Epoch + (ulong)(secondsAfterStart * 1e9);

    public static DropLocation Symbol(string name, ulong offset) => new(true, new SymbolMatch(name, offset, null), 0x100);

    /// <param name="process">The tracepoint's process: pid and comm ("" when it could not be read).</param>
    public void Packet(DropLocation where, ulong pc, string? reason, int times = 1, uint? ifIndex = 1, ushort protocol = 0x0800, ulong? timestampNs = null,
        (int Pid, string Comm)? process = null)
    {
        byte[] reasonBytes = System.Text.Encoding.ASCII.GetBytes(reason ?? "");
        byte[] comm = System.Text.Encoding.UTF8.GetBytes(process?.Comm ?? "");
        for (int i = 0; i < times; i++)
        {
            var drop = new DropEvent(DropKind.Packet)
            {
                HasOrigin = true, Origin = DropOrigin.Software, HasPc = true, Pc = pc,
                HasReason = reason is not null, Reason = reasonBytes,
                HasIfIndex = ifIndex is not null, IfIndex = ifIndex ?? 0,
                HasProtocol = true, Protocol = protocol,
                HasTimestamp = timestampNs is not null, TimestampNs = timestampNs ?? 0,
                HasProcess = process is not null, Pid = process?.Pid ?? 0, Comm = comm,
            };
            Table.Add(drop, where);
        }
    }

    public void Summary(DropLocation where, ulong pc, uint count)
    {
        var drop = new DropEvent(DropKind.SoftwareSummary) { HasOrigin = true, Origin = DropOrigin.Software, HasPc = true, Pc = pc, Count = count };
        Table.Add(drop, where);
    }
}
