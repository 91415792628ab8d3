namespace DropWatch.Core.Symbols;

/// <summary>
/// Finds the KASLR slide that turns System.map (link-time) addresses into run-time addresses.
/// Sources, in order: the user's value; <c>/proc/kallsyms</c> compared with the map; VMCOREINFO in
/// <c>/proc/kcore</c>; <c>nokaslr</c> on the command line. If none works the result says why for each.
/// </summary>
public static class KaslrSlideDetector
{
    /// <summary>Detects the slide for <paramref name="linkTimeMap"/> (a System.map table, not yet relocated).</summary>
    public static KaslrSlideResult Detect(SymbolTable linkTimeMap, KernelPaths? paths = null, ulong? explicitSlide = null)
    {
        ArgumentNullException.ThrowIfNull(linkTimeMap);
        paths ??= KernelPaths.Default;
        if (explicitSlide is { } given)
            return KaslrSlideResult.Found(new KaslrSlide(given, KaslrSlideSource.Explicit), $"KASLR slide 0x{given:x} given by the user");

        var reasons = new List<string>(3);

        if (FromKallsyms(linkTimeMap.Anchors, paths.Kallsyms, reasons) is { } fromKallsyms) return fromKallsyms;

        if (VmcoreInfo.TryReadKernelOffset(paths.Kcore, out ulong kernelOffset) is { } kcoreProblem)
            reasons.Add(kcoreProblem);
        else
            return KaslrSlideResult.Found(new KaslrSlide(kernelOffset, KaslrSlideSource.VmcoreInfo), $"KASLR slide 0x{kernelOffset:x} from VMCOREINFO in {paths.Kcore}");

        if (HasNoKaslr(paths.Cmdline))
            return KaslrSlideResult.Found(new KaslrSlide(0, KaslrSlideSource.NoKaslrCommandLine), $"no KASLR slide: nokaslr in {paths.Cmdline}");

        return KaslrSlideResult.Unknown(
            "cannot relocate System.map: KASLR slide unknown (" + string.Join("; ", reasons) + "); give the slide explicitly");
    }

    /// <summary>
    /// Slide = run-time image start − link-time image start. When both files also have <c>_etext</c>, it must
    /// give the same slide; otherwise the map belongs to another build of the kernel.
    /// Null (with a reason added) when kallsyms cannot tell.
    /// </summary>
    internal static KaslrSlideResult? FromKallsyms(CoreAnchors map, string kallsymsPath, List<string> reasons)
    {
        if (map.ImageStart == 0)
        {
            reasons.Add("System.map has neither _text nor _stext");
            return null;
        }

        SymbolLoadResult kallsyms = KallsymsLoader.Load(kallsymsPath);
        if (!kallsyms.Succeeded)
        {
            reasons.Add(kallsyms.Message);
            return null;
        }

        CoreAnchors running = kallsyms.Table.Anchors;
        bool useText = map.Text != 0 && running.Text != 0;
        ulong runStart = useText ? running.Text : running.Stext;
        ulong linkStart = useText ? map.Text : map.Stext;
        if (runStart == 0 || linkStart == 0)
        {
            reasons.Add($"{kallsymsPath} and System.map share neither _text nor _stext");
            return null;
        }

        if (runStart < linkStart)
        {
            return KaslrSlideResult.Mismatch(
                $"System.map does not match the running kernel: its image start 0x{linkStart:x} is above the running one, 0x{runStart:x}");
        }

        ulong slide = runStart - linkStart;
        if (map.Etext != 0 && running.Etext != 0 && running.Etext - map.Etext != slide)
        {
            return KaslrSlideResult.Mismatch(
                $"System.map does not match the running kernel: _text gives slide 0x{slide:x} but _etext gives 0x{running.Etext - map.Etext:x}");
        }

        return KaslrSlideResult.Found(new KaslrSlide(slide, KaslrSlideSource.Kallsyms), $"KASLR slide 0x{slide:x} from _text in {kallsymsPath}");
    }

    private static bool HasNoKaslr(string cmdlinePath)
    {
        string? cmdline = ProcText.ReadSmallText(cmdlinePath, out _);
        if (cmdline is null) return false;
        foreach (string word in cmdline.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "nokaslr") return true;
        }

        return false;
    }
}
