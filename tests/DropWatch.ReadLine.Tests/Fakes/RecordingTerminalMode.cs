using DropWatch.ReadLine.Terminal;

namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>Records raw/restore calls so tests can check the terminal is always given back.</summary>
internal sealed class RecordingTerminalMode : ITerminalMode
{
    public List<string> Calls { get; } = new();

    public bool IsRaw { get; private set; }

    /// <summary>Runs while "stopped", between giving the terminal back and taking it again.</summary>
    public Action? OnStop { get; set; }

    public void EnterRaw()
    {
        Calls.Add("raw");
        IsRaw = true;
    }

    public void Restore()
    {
        Calls.Add("restore");
        IsRaw = false;
    }

    /// <summary>Records the suspend as the real mode does it: cooked while stopped, raw again after.</summary>
    public void Suspend()
    {
        Restore();
        Calls.Add("stopped");
        OnStop?.Invoke();
        EnterRaw();
    }
}
