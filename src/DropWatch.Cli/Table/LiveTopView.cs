using System.Globalization;
using System.Text;
using DropWatch.Cli.Output;
using DropWatch.Core.DropMonitor;
using DropWatch.ReadLine.Terminal;

namespace DropWatch.Cli.Table;

/// <summary>
/// <c>--top</c> / <c>top</c>: the drop table redrawn once a second, full screen on the alternate screen
/// like top or iftop (rate bar per row; keys q quit, s sort, p pause). When stdout or stdin is not a
/// terminal it prints the plain table once a second instead. <see cref="Dispose"/> puts the terminal
/// back (cursor, main screen, termios) and is reached on every way out: q, Ctrl-C, a signal, the alert
/// limit, an exception.
/// </summary>
public sealed class LiveTopView : IDisposable
{
    private const int BarWidth = 12;
    private static readonly TableOrder[] Orders = [TableOrder.Count, TableOrder.Rate, TableOrder.LastSeen];

    private readonly TableSink _table;
    private readonly OutputBuffer _screen;
    private readonly Func<LossCounters> _losses;
    private readonly int _outputFd;
    private readonly RawTerminal? _raw;
    private readonly TopKeys _keys;
    private int _order;
    private bool _paused;
    private long _lastDraw;
    private bool _drawn;

    /// <param name="screen">Where the view is drawn (the console buffer, which is stdout in text mode).</param>
    /// <param name="inputFd">The terminal keys come from; <paramref name="outputFd"/> the one drawn on.</param>
    public LiveTopView(TableSink table, OutputBuffer screen, Func<LossCounters> losses, int inputFd, int outputFd,
        Action wake, Action quit)
    {
        _table = table;
        _screen = screen;
        _losses = losses;
        _outputFd = outputFd;
        Interactive = RawTerminal.IsTerminal(inputFd) && RawTerminal.IsTerminal(outputFd);
        if (Interactive)
        {
            _raw = new RawTerminal(inputFd);
            // Alternate screen, cursor hidden: the shell's screen comes back untouched on exit.
            _screen.Write("\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J"u8);
            _screen.Flush();
        }
        _keys = new TopKeys(Interactive ? inputFd : -1, wake, quit);
    }

    /// <summary>Full screen with keys; false: plain tables once a second.</summary>
    public bool Interactive { get; }

    public TableOrder Order => Orders[_order];

    /// <summary>Called by the monitoring loop after each burst: applies keys, redraws once a second (or at once after a key).</summary>
    public void OnBurst()
    {
        int sorts = _keys.TakeSortPresses();
        int pauses = _keys.TakePausePresses();
        _order = (_order + sorts) % Orders.Length;
        if (pauses % 2 == 1)
            _paused = !_paused;
        long now = Environment.TickCount64;
        bool keyed = sorts > 0 || pauses > 0;
        if (_drawn && !keyed && (now - _lastDraw < 1000 || _paused))
            return;
        _drawn = true;
        _lastDraw = now;
        if (Interactive)
            DrawScreen();
        else
        {
            _screen.Write(_table.Render(_losses(), Order));
            _screen.Write((byte)'\n');
        }
        _screen.Flush();
    }

    private void DrawScreen()
    {
        (int rows, int columns) = RawTerminal.Size(_outputFd);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"dropwatch top: {DateTime.UtcNow:HH:mm:ss} UTC  sort: {OrderName(Order)}{(_paused ? "  PAUSED" : "")}  keys: q quit, s sort, p pause"),
            "",
        };
        lines.AddRange(_table.Render(_losses(), Order, BarWidth).TrimEnd('\n').Split('\n'));
        var text = new StringBuilder("\u001b[H");
        int shown = 0;
        foreach (string line in lines)
        {
            if (shown++ == rows - 1)
                break;
            text.Append(line.Length > columns ? line[..columns] : line).Append("\u001b[K\r\n");
        }
        text.Append("\u001b[J");
        _screen.Write(text.ToString());
    }

    private static string OrderName(TableOrder order) => order switch
    {
        TableOrder.Rate => "rate",
        TableOrder.LastSeen => "last seen",
        _ => "count",
    };

    public void Dispose()
    {
        _keys.Dispose();
        if (_raw is null)
            return;
        _screen.Write("\u001b[?25h\u001b[?1049l"u8);
        _screen.Flush();
        _raw.Dispose();
    }
}
