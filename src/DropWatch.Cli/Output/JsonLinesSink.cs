using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Output;

/// <summary>
/// JSON Lines: one object per record and per session event, each on its own line, written with one
/// reused <see cref="Utf8JsonWriter"/> straight into the output buffer (no allocation per record).
/// The schema is documented in the README ("JSON Lines output"); field names follow the event model.
/// </summary>
public sealed class JsonLinesSink : IDropSink
{
    private readonly OutputBuffer _output;
    private readonly Utf8JsonWriter _json;
    private readonly bool _payload;

    /// <param name="includePayload">Also write each packet's bytes as base64 (<c>--payload</c>).</param>
    public JsonLinesSink(OutputBuffer output, bool includePayload)
    {
        _output = output;
        _payload = includePayload;
        // Kernel names and symbols are ASCII; relaxed escaping keeps '+' and '<' readable for jq users.
        _json = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        });
    }

    public void OnSessionStarted(in SessionStart start)
    {
        Begin("start"u8);
        WriteTime(start.TimeNs);
        _json.WriteString("source"u8, start.Source);
        _json.WriteString("mode"u8, start.Mode == AlertMode.Packet ? "packet"u8 : "summary"u8);
        _json.WriteStartArray("origins"u8);
        // The kernel treats "neither" as software, so that is what is watched.
        if (start.Origins == Origins.None || (start.Origins & Origins.Software) != 0)
            _json.WriteStringValue("software"u8);
        if ((start.Origins & Origins.Hardware) != 0)
            _json.WriteStringValue("hardware"u8);
        _json.WriteEndArray();
        if (start.AlertLimit != 0)
            _json.WriteNumber("limit"u8, start.AlertLimit);
        End();
    }

    public void OnSessionEnded(in SessionEnd end)
    {
        LossCounters l = end.Losses;
        WriteLoss("socket"u8, l.SocketLost);
        WriteLoss("kernel_queue"u8, Math.Max(0, l.KernelTailDropped));
        WriteLoss("ring"u8, l.RingLostEvents);
        WriteLoss("truncated"u8, l.TruncatedDatagrams);
        WriteLoss("malformed"u8, l.MalformedDatagrams);
        WriteLoss("summary_cap"u8, l.FullSummaryTables);

        Begin("stop"u8);
        WriteTime(end.TimeNs);
        _json.WriteString("cause"u8, end.Cause switch
        {
            StopCause.AlertLimit => "limit"u8,
            StopCause.Interrupt => "interrupt"u8,
            StopCause.Signal => "signal"u8,
            StopCause.OutputFailed => "output"u8,
            StopCause.Duration => "duration"u8,
            _ => "error"u8,
        });
        _json.WriteBoolean("stopped"u8, end.Stopped);
        _json.WriteNumber("records"u8, end.Records);
        if (end.Filtered is { } filtered)
            _json.WriteNumber("filtered"u8, filtered);
        End();
    }

    private void WriteLoss(ReadOnlySpan<byte> cause, long count)
    {
        if (count <= 0)
            return;
        Begin("loss"u8);
        _json.WriteString("cause"u8, cause);
        _json.WriteNumber("count"u8, count);
        End();
    }

    public void OnDrop(in DropEvent drop, in DropLocation location)
    {
        Begin(drop.Kind == DropKind.Packet ? "packet"u8 : "summary"u8);
        if (drop.HasOrigin)
        {
            _json.WriteString("origin"u8, drop.Origin switch
            {
                DropOrigin.Software => "software"u8,
                DropOrigin.Hardware => "hardware"u8,
                _ => "unknown"u8,
            });
        }
        if (drop.HasPc)
        {
            WriteHex("pc"u8, drop.Pc);
            if (location.Resolved)
            {
                _json.WriteString("symbol"u8, location.Symbol.Name);
                WriteHex("offset"u8, location.Symbol.Offset);
                if (location.Symbol.Module is { } module)
                    _json.WriteString("module"u8, module);
            }
        }
        if (drop.HasKernelSymbol)
            _json.WriteString("kernel_symbol"u8, drop.KernelSymbol);
        if (drop.HasTrapGroup)
            _json.WriteString("trap_group"u8, drop.TrapGroup);
        if (drop.HasTrapName)
            _json.WriteString("trap"u8, drop.TrapName);
        if (drop.Kind != DropKind.Packet)
            _json.WriteNumber("count"u8, drop.Count);
        if (drop.HasReason)
            _json.WriteString("reason"u8, drop.Reason);
        if (drop.HasIfIndex)
        {
            _json.WriteNumber("ifindex"u8, drop.IfIndex);
            if (InterfaceNames?.Invoke(drop.IfIndex) is { } ifname)
                _json.WriteString("ifname"u8, ifname);
        }
        if (drop.HasPortName)
            _json.WriteString("port"u8, drop.PortName);
        if (drop.HasProtocol)
            _json.WriteNumber("protocol"u8, drop.Protocol);
        if (drop.HasPayload)
            _json.WriteNumber("length"u8, drop.Payload.Length);
        if (drop.HasOriginalLength)
            _json.WriteNumber("orig_len"u8, drop.OriginalLength);
        if (drop.HasCookie)
            WriteHexBytes("cookie"u8, drop.Cookie);
        if (drop.HasTimestamp)
            WriteTime(drop.TimestampNs);
        if (drop.Cpu >= 0)
            _json.WriteNumber("cpu"u8, drop.Cpu);
        if (drop.HasProcess)
        {
            _json.WriteNumber("pid"u8, drop.Pid);
            if (drop.Tid != drop.Pid)
                _json.WriteNumber("tid"u8, drop.Tid);
            if (!drop.Comm.IsEmpty)
                _json.WriteString("comm"u8, drop.Comm);
        }
        if (drop.HasStack)
            WriteStack(drop.Stack);
        if (_payload && drop.HasPayload)
            _json.WriteBase64String("payload"u8, drop.Payload);
        End();
    }

    /// <summary>ifindex → interface name (rtnetlink), shown as <c>ifname</c> next to <c>ifindex</c>. Null: no names.</summary>
    public Func<uint, string?>? InterfaceNames { get; init; }

    /// <summary>Resolves the frames of <c>--stack</c>; null writes raw addresses.</summary>
    public Core.Symbols.ISymbolResolver? StackSymbols { get; init; }

    /// <summary><c>"stack":["ip_rcv_finish+0x1c", "0xffffffffc0a01234", …]</c>, innermost first.</summary>
    private void WriteStack(ReadOnlySpan<ulong> frames)
    {
        Span<byte> text = stackalloc byte[18];
        _json.WriteStartArray("stack"u8);
        foreach (ulong pc in frames)
        {
            if (StackSymbols is { } symbols && symbols.TryResolveExtent(pc, out Core.Symbols.SymbolMatch match, out _))
            {
                StackFrameText.Write(_json, match);
                continue;
            }
            text[0] = (byte)'0';
            text[1] = (byte)'x';
            Utf8Formatter.TryFormat(pc, text[2..], out int written, new System.Buffers.StandardFormat('x'));
            _json.WriteStringValue(text[..(2 + written)]);
        }
        _json.WriteEndArray();
    }

    private void Begin(ReadOnlySpan<byte> type)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("type"u8, type);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _output.Write((byte)'\n');
    }

    private void WriteHex(ReadOnlySpan<byte> name, ulong value)
    {
        Span<byte> text = stackalloc byte[18];
        text[0] = (byte)'0';
        text[1] = (byte)'x';
        Utf8Formatter.TryFormat(value, text[2..], out int written, new System.Buffers.StandardFormat('x'));
        _json.WriteString(name, text[..(2 + written)]);
    }

    private void WriteHexBytes(ReadOnlySpan<byte> name, ReadOnlySpan<byte> bytes)
    {
        Span<byte> text = bytes.Length <= 128 ? stackalloc byte[bytes.Length * 2] : new byte[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            text[2 * i] = HexDigit(bytes[i] >> 4);
            text[2 * i + 1] = HexDigit(bytes[i] & 0xf);
        }
        _json.WriteString(name, text);
    }

    private static byte HexDigit(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);

    private void WriteTime(ulong ns)
    {
        Span<byte> text = stackalloc byte[Rfc3339.Length];
        Rfc3339.Format(ns, text);
        _json.WriteString("time"u8, text);
    }
}
