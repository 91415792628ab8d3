using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Capture;

/// <summary>
/// The <c>--pcapng</c> destination: a file, or standard output for <c>-</c> (then the console and
/// the text or JSON records are on stderr, so <c>dropwatch --pcapng - | tshark -r -</c> works).
/// </summary>
public sealed class CaptureOutput : IDisposable
{
    public const string StandardOutput = "-";

    private readonly Stream? _file;

    private CaptureOutput(OutputBuffer buffer, Stream? file, Action<string> warn)
    {
        Buffer = buffer;
        _file = file;
        Sink = new PcapngSink(buffer, warn);
    }

    public OutputBuffer Buffer { get; }
    public PcapngSink Sink { get; }

    /// <summary>
    /// Null after one error line: the source has no packets to capture (the tracepoint gives no
    /// payload), or the file cannot be created.
    /// </summary>
    public static CaptureOutput? Open(string path, IDropSource source, Stream stdout, ErrorReporter errors)
    {
        if (source is not DropMonitorClient)
        {
            errors.Error($"--pcapng needs the packets NET_DM copies; the {source.Name} source reports no packet bytes, so there is nothing to capture");
            return null;
        }
        if (path == StandardOutput)
            return new CaptureOutput(new OutputBuffer(stdout), null, errors.Error);
        try
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
            return new CaptureOutput(new OutputBuffer(file), file, errors.Error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Error($"--pcapng: cannot create {path}: {e.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            if (Buffer.Failure is null)
                Buffer.Flush();
        }
        catch (OutputFailedException)
        {
            // Already reported through the buffer's failure hook.
        }
        _file?.Dispose();
    }
}
