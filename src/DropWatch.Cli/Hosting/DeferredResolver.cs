using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Loads the symbol table on a worker thread so the prompt appears at once: reading
/// /proc/kallsyms costs the kernel alone tens of milliseconds. The table is needed only when
/// the first alert is printed; <see cref="Complete"/> waits for it and reports, on the main
/// thread, any problem the load met.
/// </summary>
public sealed class DeferredResolver : ISymbolResolver
{
    private readonly Task<(ISymbolResolver Resolver, IReadOnlyList<string> Problems)> _loading;
    private ISymbolResolver? _ready;

    public DeferredResolver(string methodName, Func<(ISymbolResolver, IReadOnlyList<string>)> load)
    {
        MethodName = methodName;
        // A thread of its own, not Task.Run: the thread pool would start its gate thread, which then wakes
        // twice a second for the whole session (measured in the e2e VM: 1.8 ms of CPU in a 20 s summary storm,
        // 8 % of the session's).
        var loaded = new TaskCompletionSource<(ISymbolResolver, IReadOnlyList<string>)>();
        var loader = new Thread(() =>
        {
            try
            {
                loaded.SetResult(load());
            }
            catch (Exception e)
            {
                loaded.SetException(e);
            }
        }) { IsBackground = true, Name = "symbol loader" };
        loader.Start();
        _loading = loaded.Task;
    }

    public string MethodName { get; }

    /// <summary>Waits for the load and prints its problems once. Call on the thread that owns the output.</summary>
    public ISymbolResolver Complete(ErrorReporter errors)
    {
        if (_ready is not null)
            return _ready;
        var (resolver, problems) = Outcome();
        foreach (string problem in problems)
            errors.Error(problem);
        return _ready = resolver;
    }

    // A load that failed in a way its own checks did not foresee still must not cost the drop data:
    // say so once and print raw addresses.
    private (ISymbolResolver, IReadOnlyList<string>) Outcome()
    {
        try
        {
            return _loading.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (NullResolver.Instance, [$"loading symbols ({MethodName}) failed: {e.Message}; printing raw addresses"]);
        }
    }

    public bool TryResolve(ulong address, out SymbolMatch match) => Ready.TryResolve(address, out match);

    public bool TryResolveExtent(ulong address, out SymbolMatch match, out ulong size) =>
        Ready.TryResolveExtent(address, out match, out size);

    // Complete() is normally called before monitoring; this is only a safety net.
    private ISymbolResolver Ready => _ready ??= Outcome().Item1;
}
