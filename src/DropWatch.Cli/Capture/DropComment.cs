using System.Buffers.Text;
using System.Text;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Capture;

/// <summary>
/// The pcapng comment that tells a reader of the capture where and why the kernel dropped a packet,
/// e.g. <c>drop at __udp4_lib_rcv+0x545 reason NO_SOCKET origin software</c> or, for hardware,
/// <c>drop at trap blackhole_route group l3_drops origin hardware</c>. Built into a reused buffer.
/// </summary>
public sealed class DropComment
{
    private readonly byte[] _buffer = new byte[1024];
    private int _used;

    public ReadOnlySpan<byte> Build(in DropEvent drop, in DropLocation location)
    {
        _used = 0;
        Add("drop at "u8);
        if (drop.HasKernelSymbol)
        {
            // The kernel's "func+0xoff/0xsize": the size says nothing about this drop.
            ReadOnlySpan<byte> symbol = drop.KernelSymbol;
            int slash = symbol.IndexOf((byte)'/');
            Add(slash >= 0 ? symbol[..slash] : symbol);
        }
        else if (location.Resolved)
        {
            AddText(location.Symbol.Name);
            Add("+0x"u8);
            AddHex(location.Symbol.Offset);
            if (location.Symbol.Module is { } module)
            {
                Add(" ["u8);
                AddText(module);
                Add("]"u8);
            }
        }
        else if (drop.HasPc)
        {
            Add("0x"u8);
            AddHex(drop.Pc);
        }
        else if (drop.HasTrapName)
        {
            Add("trap "u8);
            Add(drop.TrapName);
            if (drop.HasTrapGroup)
            {
                Add(" group "u8);
                Add(drop.TrapGroup);
            }
        }
        else
            Add("unknown location"u8);

        if (drop.HasReason)
        {
            Add(" reason "u8);
            Add(drop.Reason);
        }
        if (drop.HasOrigin)
        {
            Add(drop.Origin switch
            {
                DropOrigin.Software => " origin software"u8,
                DropOrigin.Hardware => " origin hardware"u8,
                _ => " origin unknown"u8,
            });
        }
        return _buffer.AsSpan(0, _used);
    }

    private void Add(ReadOnlySpan<byte> bytes)
    {
        int n = Math.Min(bytes.Length, _buffer.Length - _used);
        bytes[..n].CopyTo(_buffer.AsSpan(_used));
        _used += n;
    }

    private void AddText(string text)
    {
        if (Encoding.UTF8.TryGetBytes(text, _buffer.AsSpan(_used), out int written))
            _used += written;
    }

    private void AddHex(ulong value)
    {
        if (Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written, new System.Buffers.StandardFormat('x')))
            _used += written;
    }
}
