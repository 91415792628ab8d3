using System.IO.Pipes;
using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>
/// With stdout a pipe, alerts are written in batches, yet none waits longer than the documented bound,
/// and everything is written when monitoring ends. The bound is checked by arrival (with a generous
/// timeout while the session is still monitoring), not by a timer.
/// </summary>
public class WriteLatencyTests
{
    private const ulong Pc = 0xffffffff962ac491;

    /// <summary>A monitoring session on a thread, writing to the write end of a pipe; the test reads the other end.</summary>
    private sealed class PipedSession : IDisposable
    {
        private readonly AnonymousPipeServerStream _read = new(PipeDirection.In);
        private readonly StringBuilder _received = new();
        private readonly Thread _loop;
        private readonly Thread _reader;
        private readonly DropMonitorClient _client;

        public PipedSession(FakeKernel kernel)
        {
            Kernel = kernel;
            var data = new OutputBuffer(new FdOutputStream((int)_read.ClientSafePipeHandle.DangerousGetHandle(), "standard output"));
            var outputs = Outputs.Shared(data);
            _client = DropMonitorClient.Connect(kernel.Open, 1 << 20);
            Stop.SetWaker(_client.Wake);
            var loop = new MonitorLoop(_client, outputs, new ErrorReporter(data, new StringWriter()), Stop,
                new DropPipeline(new FixedResolver(), new TextSink(data)));
            _reader = new Thread(ReadAll) { IsBackground = true };
            _reader.Start();
            _loop = new Thread(() => loop.Run(0, Origins.Software)) { IsBackground = true };
            _loop.Start();
        }

        public FakeKernel Kernel { get; }
        public StopSignal Stop { get; } = new();

        public string Received
        {
            get { lock (_received) return _received.ToString(); }
        }

        private void ReadAll()
        {
            var buffer = new byte[4096];
            try
            {
                int n;
                while ((n = _read.Read(buffer, 0, buffer.Length)) > 0)
                    lock (_received) _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
            catch (Exception e) when (e is ObjectDisposedException or IOException)
            {
                // The test is over and closed its end of the pipe.
            }
        }

        /// <summary>Waits up to <paramref name="seconds"/> for <paramref name="done"/>; far longer than the bound, for a loaded machine.</summary>
        public static bool WaitFor(Func<bool> done, int seconds)
        {
            long end = Environment.TickCount64 + seconds * 1000L;
            while (!done())
            {
                if (Environment.TickCount64 > end)
                    return false;
                Thread.Sleep(5);
            }
            return true;
        }

        public void End()
        {
            Stop.Request(StopReason.Interrupt, 2);
            Assert.True(_loop.Join(TimeSpan.FromSeconds(30)), "the monitoring loop did not end");
        }

        public void Dispose()
        {
            if (_loop.IsAlive)
            {
                Stop.Request(StopReason.Interrupt, 2); // a failed assertion left it monitoring
                _loop.Join(TimeSpan.FromSeconds(30));
            }
            _client.Dispose();
            // Closing the write end ends the reader with EOF; only then is the read end closed.
            _read.ClientSafePipeHandle.Dispose();
            _reader.Join(TimeSpan.FromSeconds(10));
            _read.Dispose();
        }
    }

    [Fact]
    public void APipeIsWrittenInBatchesAndAMemoryStreamAtOnce()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var fd = new FdOutputStream((int)pipe.ClientSafePipeHandle.DangerousGetHandle(), "standard output");
        Assert.False(WriteSchedule.For(fd).Immediate);
        Assert.True(WriteSchedule.For(new MemoryStream()).Immediate);
    }

    [Fact]
    public void ALoneAlertReachesThePipeWhileMonitoring()
    {
        var kernel = new FakeKernel();
        using var session = new PipedSession(kernel);
        Assert.True(PipedSession.WaitFor(() => kernel.Monitoring && session.Received.Contains("Issue Ctrl-C to stop monitoring\n"), 30),
            "monitoring did not start");

        kernel.Multicast(KernelMessages.SummaryAlert(kernel.NetDmFamilyId, (Pc, 93)));

        // Nothing else happens: only the write deadline can bring the alert out while monitoring goes on.
        Assert.True(PipedSession.WaitFor(() => session.Received.Contains("93 drops at "), 20),
            $"a lone alert was not written within 20 s (bound {WriteSchedule.LatencyBoundMs} ms); got: {session.Received}");
        Assert.True(kernel.Monitoring);
        session.End();
        Assert.False(kernel.Monitoring);
    }

    [Fact]
    public void EverythingWaitingIsWrittenWhenMonitoringEnds()
    {
        var kernel = new FakeKernel();
        using var session = new PipedSession(kernel);
        Assert.True(PipedSession.WaitFor(() => kernel.Monitoring, 30), "monitoring did not start");
        for (int i = 0; i < 500; i++)
            kernel.Multicast(KernelMessages.SummaryAlert(kernel.NetDmFamilyId, (Pc + (ulong)i, 1)));
        session.End();

        Assert.True(PipedSession.WaitFor(() => session.Received.Contains("Got a stop message\n"), 20), "no stop line");
        string text = session.Received;
        int alerts = text.Split('\n').Count(line => line.StartsWith("1 drops at ", StringComparison.Ordinal));
        Assert.Equal(500, alerts);
        Assert.True(text.IndexOf("Got a stop message\n", StringComparison.Ordinal) > text.LastIndexOf("1 drops at ", StringComparison.Ordinal));
    }
}
