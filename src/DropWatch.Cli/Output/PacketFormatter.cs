using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Output;

/// <summary>
/// Upstream's packet-mode block: each line only when its attribute arrived, in upstream's fixed
/// order, then an empty line.
/// </summary>
public sealed class PacketFormatter(OutputBuffer output)
{
    private static ReadOnlySpan<byte> Days => "SunMonTueWedThuFriSat"u8;
    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    // Local-time offset cache: TimeZoneInfo.GetUtcOffset walks the zone's rules on every call (~0.3 µs in a
    // zone with DST), but the offset only changes at a transition. One 15-minute bucket of UTC seconds is
    // cached when the offset is the same at both of its ends (no transition inside), for the zone it was
    // computed for (TimeZoneInfo.Local is a new object after TimeZoneInfo.ClearCachedData).
    private const long OffsetBucketSeconds = 15 * 60;
    private TimeZoneInfo? _offsetZone;
    private long _offsetBucket = -1;
    private TimeSpan _offset;

    /// <summary><c>--stack</c>: the process, CPU and stack lines at the end of each block. Null: upstream's block only.</summary>
    public WhoAndHowLines? WhoAndHow { get; init; }

    public void Write(in DropEvent a, in DropLocation location)
    {
        OutputBuffer o = output;
        if (a.HasPc)
            WriteLocation(a, location);
        else if (a.HasTrapGroup && a.HasTrapName)
        {
            o.Write("drop at: "u8);
            o.Write(a.TrapName);
            o.Write(" ("u8);
            o.Write(a.TrapGroup);
            o.Write(")\n"u8);
        }
        if (a.HasOrigin)
        {
            o.Write(a.Origin switch
            {
                DropOrigin.Software => "origin: software\n"u8,
                DropOrigin.Hardware => "origin: hardware\n"u8,
                _ => "origin: unknown\n"u8,
            });
        }
        if (a.HasIfIndex)
        {
            o.Write("input port ifindex: "u8);
            o.WriteDecimal((int)a.IfIndex);
            o.Write((byte)'\n');
        }
        if (a.HasPortName)
        {
            o.Write("input port name: "u8);
            o.WriteLine(a.PortName);
        }
        if (a.HasCookie)
        {
            o.Write("cookie: "u8);
            foreach (byte b in a.Cookie)
            {
                o.Write(HexDigit(b >> 4));
                o.Write(HexDigit(b & 0xf));
            }
            o.Write((byte)'\n');
        }
        if (a.HasTimestamp)
            WriteTimestamp(a.TimestampNs);
        if (a.HasProtocol)
        {
            o.Write("protocol: 0x"u8);
            o.WriteHex(a.Protocol);
            o.Write((byte)'\n');
        }
        if (a.HasPayload)
        {
            o.Write("length: "u8);
            o.WriteDecimal((ulong)a.Payload.Length);
            o.Write((byte)'\n');
        }
        if (a.HasOriginalLength)
        {
            o.Write("original length: "u8);
            o.WriteDecimal((ulong)a.OriginalLength);
            o.Write((byte)'\n');
        }
        if (a.HasReason)
        {
            o.Write("drop reason: "u8);
            o.WriteLine(a.Reason);
        }
        WhoAndHow?.Write(a);
        o.Write((byte)'\n');
    }

    /// <summary>
    /// The kernel's own symbol text where it sent one (NET_DM: upstream's exact line); otherwise the
    /// same <c>function+0xoff/0xsize [module]</c> form from our resolution; a bare address when there is none.
    /// </summary>
    private void WriteLocation(in DropEvent a, in DropLocation location)
    {
        OutputBuffer o = output;
        o.Write("drop at: "u8);
        if (a.HasKernelSymbol)
            o.Write(a.KernelSymbol);
        else if (location.Resolved)
        {
            o.Write(location.Symbol.Name);
            o.Write("+0x"u8);
            o.WriteHex(location.Symbol.Offset);
            if (location.Size > 0)
            {
                o.Write("/0x"u8);
                o.WriteHex(location.Size);
            }
            if (location.Symbol.Module is { } module)
            {
                o.Write(" ["u8);
                o.Write(module);
                o.Write((byte)']');
            }
        }
        else
        {
            // No name to show: the address once, not "0x… (0x…)".
            o.Write("0x"u8);
            o.WriteHex(a.Pc);
            o.Write((byte)'\n');
            return;
        }
        o.Write(" (0x"u8);
        o.WriteHex(a.Pc);
        o.Write(")\n"u8);
    }

    /// <summary>asctime(localtime()) without its newline — <c>Sun Aug  4 11:14:55 2019</c> — then the nanoseconds.</summary>
    private void WriteTimestamp(ulong ns)
    {
        OutputBuffer o = output;
        long seconds = (long)(ns / 1_000_000_000);
        long nanos = (long)(ns % 1_000_000_000);
        DateTime utc = DateTime.UnixEpoch.AddSeconds(seconds);
        DateTime local = utc + LocalOffset(seconds, utc);

        o.Write("timestamp: "u8);
        o.Write(Days.Slice((int)local.DayOfWeek * 3, 3));
        o.Write((byte)' ');
        o.Write(Months.Slice((local.Month - 1) * 3, 3));
        o.Write((byte)' ');
        if (local.Day < 10) o.Write((byte)' ');
        o.WriteDecimal(local.Day);
        o.Write((byte)' ');
        TwoDigits(local.Hour);
        o.Write((byte)':');
        TwoDigits(local.Minute);
        o.Write((byte)':');
        TwoDigits(local.Second);
        o.Write((byte)' ');
        o.WriteDecimal(local.Year);
        o.Write((byte)' ');
        for (long div = 100_000_000; div > 0; div /= 10)
            o.Write((byte)('0' + nanos / div % 10));
        o.Write(" nsec\n"u8);
    }

    /// <summary>What <c>TimeZoneInfo.Local.GetUtcOffset(utc)</c> returns, from the bucket cache when it can.</summary>
    private TimeSpan LocalOffset(long seconds, DateTime utc)
    {
        TimeZoneInfo zone = TimeZoneInfo.Local;
        long bucket = seconds / OffsetBucketSeconds;
        if (bucket == _offsetBucket && ReferenceEquals(zone, _offsetZone))
            return _offset;

        TimeSpan offset = zone.GetUtcOffset(utc);
        DateTime bucketStart = DateTime.UnixEpoch.AddSeconds(bucket * OffsetBucketSeconds);
        if (zone.GetUtcOffset(bucketStart) == offset && zone.GetUtcOffset(bucketStart.AddSeconds(OffsetBucketSeconds - 1)) == offset)
        {
            _offsetZone = zone;
            _offsetBucket = bucket;
            _offset = offset;
        }

        return offset;
    }

    private void TwoDigits(int v)
    {
        output.Write((byte)('0' + v / 10));
        output.Write((byte)('0' + v % 10));
    }

    private static byte HexDigit(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);
}
