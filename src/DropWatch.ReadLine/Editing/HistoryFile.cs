namespace DropWatch.ReadLine.Editing;

/// <summary>
/// History kept between sessions in a text file, one line per entry, oldest first, as readline's
/// history file. Each accepted line is appended at once (a session killed by a signal keeps what
/// was typed; two sessions at once interleave rather than overwrite each other). The file is created
/// with mode 0600 — commands can name hosts and addresses — and is trimmed back to the history's
/// capacity whenever it has grown to twice that. Failing to read or write it is never an error: the
/// editor then simply has no saved history.
/// </summary>
internal sealed class HistoryFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _path;
    private readonly int _capacity;
    private int _linesInFile;

    public HistoryFile(string path, int capacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _path = path;
        _capacity = capacity;
    }

    /// <summary>The newest <c>capacity</c> entries, or none when the file is missing or unreadable.</summary>
    public IReadOnlyList<string> Load()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(_path);
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            return [];
        }

        _linesInFile = lines.Length;
        string[] kept = lines.Where(l => l.Length > 0).TakeLast(_capacity).ToArray();
        if (_linesInFile > _capacity)
        {
            Rewrite(kept);
        }

        return kept;
    }

    /// <summary>Records one accepted line; <paramref name="entries"/> is the whole history, for trimming.</summary>
    public void Append(string line, IReadOnlyList<string> entries)
    {
        if (_linesInFile + 1 > 2 * _capacity)
        {
            Rewrite(entries);
            return;
        }

        try
        {
            using var file = new FileStream(_path, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            });
            file.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
            _linesInFile++;
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            // Unwritable (read-only home, full disk, a directory in the way): history stays in memory.
        }
    }

    // Written next to the file and renamed over it, so a crash mid-write never truncates history.
    private void Rewrite(IReadOnlyList<string> entries)
    {
        string temporary = _path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            }))
            {
                file.Write(System.Text.Encoding.UTF8.GetBytes(string.Concat(entries.Select(e => e + "\n"))));
            }

            File.Move(temporary, _path, overwrite: true);
            _linesInFile = entries.Count;
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            // Nothing more to do about a temporary file we cannot remove either.
        }
    }

    private static bool IsFileProblem(Exception e) => e is IOException or UnauthorizedAccessException or NotSupportedException;
}
