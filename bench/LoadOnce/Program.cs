using DropWatch.Core.Symbols;

// load-once [kallsyms|sysmap] [PATH]: load one symbol table the way dropwatch -l kas / -l sysmap does, then exit.
// Prints the symbol count so a failed load is visible; exit status 1 on failure.
string kind = args.Length > 0 ? args[0] : "kallsyms";
string path = args.Length > 1 ? args[1] : KallsymsLoader.DefaultPath;
SymbolLoadResult result = kind == "sysmap" ? SystemMapLoader.Load(path) : KallsymsLoader.Load(path);
if (!result.Succeeded)
{
    Console.Error.WriteLine(result.Message);
    return 1;
}

Console.WriteLine(result.Table.Count);
return 0;
