namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>
/// ReadLine on its own thread, since it blocks in read(2) until the test types. A plain thread
/// rather than a Task: the test waits for it with a timeout, synchronously.
/// </summary>
internal sealed class BackgroundReadLine
{
    private readonly Thread _thread;
    private string? _result;
    private Exception? _error;

    public BackgroundReadLine(LineEditor editor, string prompt)
    {
        _thread = new Thread(() =>
        {
            try
            {
                _result = editor.ReadLine(prompt);
            }
            catch (Exception e)
            {
                _error = e;
            }
        })
        { IsBackground = true };
        _thread.Start();
    }

    public string? Result => _error is null ? _result : throw new InvalidOperationException("ReadLine failed", _error);

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);
}
