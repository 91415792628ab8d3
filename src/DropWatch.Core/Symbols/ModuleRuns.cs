namespace DropWatch.Core.Symbols;

/// <summary>
/// Which module each symbol ordinal belongs to, as runs: kallsyms lists a module's symbols together, so a
/// file of 120k symbols has a few hundred runs, and keeping one entry per run instead of one index per
/// symbol saves ~0.5 MB. A hostile file that changes module on every line costs one run per line, no more.
/// </summary>
internal sealed class ModuleRuns
{
    private int[] _firstOrdinals = new int[16];
    private int[] _modules = new int[16];
    private int _count;

    /// <summary>Records that <paramref name="ordinal"/> (added in increasing order) belongs to <paramref name="module"/>.</summary>
    public void Note(int ordinal, int module)
    {
        if (_count > 0 && _modules[_count - 1] == module) return;
        if (_count == _firstOrdinals.Length)
        {
            Array.Resize(ref _firstOrdinals, _count * 2);
            Array.Resize(ref _modules, _count * 2);
        }

        _firstOrdinals[_count] = ordinal;
        _modules[_count] = module;
        _count++;
    }

    /// <summary>The module index of <paramref name="ordinal"/>; the core kernel before the first run.</summary>
    public int ModuleOf(int ordinal)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (_firstOrdinals[mid] <= ordinal) low = mid + 1;
            else high = mid;
        }

        return low == 0 ? SymbolTableBuilder.CoreModuleIndex : _modules[low - 1];
    }
}
