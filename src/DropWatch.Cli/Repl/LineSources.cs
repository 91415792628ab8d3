namespace DropWatch.Cli.Repl;

/// <summary>Picks the line source for the console.</summary>
public static class LineSources
{
    public static ILineSource ForConsole(Stream stdout) => new PlainLines(stdout);

    private sealed class PlainLines(Stream stdout) : ILineSource
    {
        private readonly StreamReader _in = new(Console.OpenStandardInput());

        public string? ReadLine(string prompt)
        {
            byte[] p = System.Text.Encoding.UTF8.GetBytes(prompt);
            stdout.Write(p);
            string? line = _in.ReadLine();
            if (line is not null)
            {
                stdout.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
            }
            stdout.Flush();
            return line;
        }
    }
}
