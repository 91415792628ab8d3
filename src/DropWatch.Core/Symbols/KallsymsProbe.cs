namespace DropWatch.Core.Symbols;

/// <summary>What a quick look at <c>/proc/kallsyms</c> shows.</summary>
public enum KallsymsVisibility
{
    /// <summary>Real addresses: the kas method will work.</summary>
    Visible,

    /// <summary>All addresses read as zero (kptr_restrict, not root).</summary>
    Hidden,

    /// <summary>The file could not be opened or read, or holds no symbol line.</summary>
    Unavailable,
}

/// <summary>The probe's answer; <see cref="Message"/> explains anything but <see cref="KallsymsVisibility.Visible"/>.</summary>
public readonly record struct KallsymsProbeResult(KallsymsVisibility Visibility, string? Message);

/// <summary>
/// Tells the CLI whether <c>-l kas</c> can be the default, without loading the whole table: reads only the
/// first chunk of the file. Hidden addresses are hidden for every line, so the first lines decide.
/// </summary>
public static class KallsymsProbe
{
    private const int ProbeBytes = 16 * 1024;

    /// <summary>Probes <paramref name="path"/> (default <c>/proc/kallsyms</c>).</summary>
    public static KallsymsProbeResult Probe(string path = KallsymsLoader.DefaultPath)
    {
        if (KernelFile.TryOpen(path, out KernelFile? file) is { } openError)
            return new KallsymsProbeResult(KallsymsVisibility.Unavailable, openError.Message);

        byte[] buffer = new byte[ProbeBytes];
        int length;
        using (file)
        {
            length = file!.Read(buffer, out FileError? readError);
            if (length < 0) return new KallsymsProbeResult(KallsymsVisibility.Unavailable, readError!.Value.Message);
        }

        bool sawLine = false;
        ReadOnlySpan<byte> text = buffer.AsSpan(0, length);
        foreach (Range range in text.Split((byte)'\n'))
        {
            if (!SymbolLineParser.TryParse(text[range], out ulong address, out _, out _, out _)) continue;
            if (address != 0) return new KallsymsProbeResult(KallsymsVisibility.Visible, null);
            sawLine = true;
        }

        return sawLine
            ? new KallsymsProbeResult(KallsymsVisibility.Hidden, KallsymsLoader.AddressesHiddenMessage(path))
            : new KallsymsProbeResult(KallsymsVisibility.Unavailable, $"{path}: no symbol lines found");
    }
}
