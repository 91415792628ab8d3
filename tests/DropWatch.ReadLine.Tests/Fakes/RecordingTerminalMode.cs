using DropWatch.ReadLine.Terminal;

namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>Records raw/restore calls so tests can check the terminal is always given back.</summary>
internal sealed class RecordingTerminalMode : ITerminalMode
{
    public List<string> Calls { get; } = new();

    public bool IsRaw { get; private set; }

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
}
