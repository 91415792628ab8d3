namespace DropWatch.Cli.Table;

/// <summary>
/// What one row of the drop table stands for: where (the PC, or for drops without one the trap or the
/// kernel's symbol text), why (the reason), which side (origin), the input interface and, when asked for,
/// the process. Plain numbers
/// only, so a lookup allocates nothing; names are <see cref="NameInterner"/> numbers.
/// </summary>
/// <param name="Pc">The freeing address, 0 when the event had none.</param>
/// <param name="Place">Interned trap name or kernel symbol text for events without a PC; -1 otherwise.</param>
/// <param name="Reason">Interned reason name, -1 when the event carried none.</param>
/// <param name="Origin">The origin's kernel value, or <see cref="NoOrigin"/>.</param>
/// <param name="IfIndex">The input interface index, or -1 when the event had none.</param>
/// <param name="Pid">With <c>--table-process</c>: the process the drop happened in, or -1 (not keyed, or none known).</param>
/// <param name="Comm">With <c>--table-process</c>: its interned command name, or -1.</param>
public readonly record struct DropTableKey(ulong Pc, int Place, int Reason, ushort Origin, long IfIndex, int Pid = -1, int Comm = -1)
{
    public const ushort NoOrigin = ushort.MaxValue;
}
