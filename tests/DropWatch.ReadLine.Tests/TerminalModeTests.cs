using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>The terminal is raw only inside ReadLine and always given back.</summary>
public sealed class TerminalModeTests
{
    [Fact]
    public void Raw_mode_is_entered_for_reading_and_restored_on_return()
    {
        using var h = Harness.Tty("start\r", "stop\r");
        var rawDuringRead = new List<bool>();
        h.Input.BeforeRead = () => rawDuringRead.Add(h.Mode.IsRaw);

        h.ReadLine();
        h.ReadLine();

        Assert.All(rawDuringRead, Assert.True);
        Assert.NotEmpty(rawDuringRead);
        Assert.Equal(new[] { "raw", "restore", "raw", "restore" }, h.Mode.Calls);
        Assert.False(h.Mode.IsRaw);
    }

    [Fact]
    public void Restored_after_EOF_by_Ctrl_D()
    {
        using var h = Harness.Tty("\u0004");

        Assert.Null(h.ReadLine());
        Assert.Equal(new[] { "raw", "restore" }, h.Mode.Calls);
    }

    [Fact]
    public void Restored_when_reading_fails()
    {
        using var h = Harness.Tty("sta");
        h.Input.FailWhenExhausted = new IOException("boom");

        Assert.Throws<IOException>(() => h.ReadLine());
        Assert.Equal(new[] { "raw", "restore" }, h.Mode.Calls);
    }

    [Fact]
    public void Restored_when_the_completer_throws()
    {
        using var h = Harness.Tty(_ => throw new InvalidOperationException("completer bug"), "s\t");

        Assert.Throws<InvalidOperationException>(() => h.ReadLine());
        Assert.False(h.Mode.IsRaw);
    }

    [Fact]
    public void Restored_when_the_output_stream_fails()
    {
        var input = new ScriptedInput("x\r");
        var mode = new RecordingTerminalMode();
        using var editor = new LineEditor(input, new ThrowingStream(), isTerminal: true, mode);

        Assert.Throws<IOException>(() => editor.ReadLine("> "));
        Assert.Equal(new[] { "raw", "restore" }, mode.Calls);
    }

    [Fact]
    public void Dispose_restores_and_later_ReadLine_is_refused()
    {
        var h = Harness.Tty("x\r");

        h.Dispose();

        Assert.Equal(new[] { "restore" }, h.Mode.Calls);
        Assert.Throws<ObjectDisposedException>(() => h.ReadLine());
    }

    private sealed class ThrowingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => throw new IOException("output closed");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("output closed");
    }
}
