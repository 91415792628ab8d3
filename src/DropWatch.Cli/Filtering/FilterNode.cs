using DropWatch.Core.Events;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// The compiled filter: a tree built once, whose evaluation allocates nothing. A comparison with a
/// field the record does not have is false for every operator (<c>dport != 53</c> does not keep a
/// record without ports; <c>!(dport == 53)</c> does).
/// </summary>
internal abstract class FilterNode
{
    public abstract bool Matches(in DropEvent drop, ref FilterInput input);
}

internal sealed class AndNode(FilterNode left, FilterNode right) : FilterNode
{
    public override bool Matches(in DropEvent drop, ref FilterInput input) => left.Matches(drop, ref input) && right.Matches(drop, ref input);
}

internal sealed class OrNode(FilterNode left, FilterNode right) : FilterNode
{
    public override bool Matches(in DropEvent drop, ref FilterInput input) => left.Matches(drop, ref input) || right.Matches(drop, ref input);
}

internal sealed class NotNode(FilterNode operand) : FilterNode
{
    public override bool Matches(in DropEvent drop, ref FilterInput input) => !operand.Matches(drop, ref input);
}

/// <summary><c>field == v</c>, <c>field in (v, …)</c>, or with <paramref name="negated"/> <c>field != v</c>.</summary>
internal sealed class NumberTest(FilterField field, ulong[] values, bool negated) : FilterNode
{
    public override bool Matches(in DropEvent drop, ref FilterInput input) =>
        input.TryGetNumber(drop, field, out ulong value) && Array.IndexOf(values, value) >= 0 != negated;
}

internal sealed class AddressTest(bool source, IpPrefix[] prefixes, bool negated) : FilterNode
{
    public override bool Matches(in DropEvent drop, ref FilterInput input)
    {
        PacketHeaders h = input.Headers(drop);
        if (h.Family == 0)
            return false;
        UInt128 address = source ? h.Source : h.Destination;
        foreach (IpPrefix prefix in prefixes)
        {
            if (prefix.Contains(h.Family, address))
                return !negated;
        }
        return negated;
    }
}

/// <summary>
/// Glob comparisons on names: <c>symbol</c>, <c>ifname</c>, <c>comm</c>. The patterns are kept as chars
/// (for our resolved names) and as UTF-8 (for the kernel's own bytes), so matching converts nothing.
/// </summary>
internal sealed class NameTest(FilterField field, string[] patterns, bool negated) : FilterNode
{
    private readonly byte[][] _utf8 = Array.ConvertAll(patterns, System.Text.Encoding.UTF8.GetBytes);

    public override bool Matches(in DropEvent drop, ref FilterInput input)
    {
        switch (field)
        {
            case FilterField.Symbol:
                // Our resolution, else the kernel's own "func+0x…" text (NET_DM with -l null).
                if (input.Location.Resolved)
                    return MatchesAny(input.Location.Symbol.Name);
                if (!drop.HasKernelSymbol)
                    return false;
                ReadOnlySpan<byte> text = drop.KernelSymbol;
                int plus = text.IndexOf((byte)'+');
                return MatchesAny(plus >= 0 ? text[..plus] : text);
            case FilterField.IfName:
                return input.InterfaceName(drop) is { } ifname && MatchesAny(ifname);
            default: // comm
                return drop.HasProcess && !drop.Comm.IsEmpty && MatchesAny(drop.Comm);
        }
    }

    private bool MatchesAny(ReadOnlySpan<byte> name)
    {
        foreach (byte[] pattern in _utf8)
        {
            if (Glob.Matches(pattern, name))
                return !negated;
        }
        return negated;
    }

    private bool MatchesAny(ReadOnlySpan<char> name)
    {
        foreach (string pattern in patterns)
        {
            if (Glob.Matches(pattern, name))
                return !negated;
        }
        return negated;
    }
}

/// <summary>Drop reasons, compared by name as the kernel spells them (ASCII case ignored).</summary>
internal sealed class ReasonTest(byte[][] names, bool negated) : FilterNode
{
    public override bool Matches(in DropEvent drop, ref FilterInput input)
    {
        if (!drop.HasReason)
            return false;
        ReadOnlySpan<byte> reason = drop.Reason;
        foreach (byte[] name in names)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(reason, name))
                return !negated;
        }
        return negated;
    }
}
