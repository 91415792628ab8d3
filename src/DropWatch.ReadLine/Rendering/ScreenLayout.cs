using System.Text;
using DropWatch.ReadLine.Editing;

namespace DropWatch.ReadLine.Rendering;

/// <summary>A cell on the screen, counted from the row the prompt starts on.</summary>
internal readonly record struct ScreenPosition(int Row, int Column);

/// <summary>
/// Where prompt plus line land on a terminal <c>columns</c> wide with auto-wrap on, as xterm and
/// the Linux console place them: a character that does not fit in what is left of a row (a wide
/// one in the last column) starts the next row, and text that ends exactly at the right margin
/// leaves the terminal's cursor in the last column ("pending wrap") rather than on the next row.
/// </summary>
/// <param name="Cursor">The cell of the character under the editing cursor (or just after the text).</param>
/// <param name="End">The cell just after the text, once a pending wrap has been resolved.</param>
/// <param name="EndsAtRightMargin">True when the text fills its last row exactly: the renderer must move to
/// <see cref="End"/> itself, since the terminal will not until the next character.</param>
internal readonly record struct ScreenLayout(ScreenPosition Cursor, ScreenPosition End, bool EndsAtRightMargin)
{
    public int Rows => End.Row + 1;

    public static ScreenLayout Of(string prompt, LineBuffer line, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var walk = new Walk(columns);
        foreach (Rune rune in prompt.EnumerateRunes())
        {
            walk.Place(DisplayWidth.Of(rune));
        }

        ScreenPosition? cursor = null;
        int index = 0;
        foreach (Rune rune in line.RunesFrom(0))
        {
            int width = DisplayWidth.Of(rune);
            if (index++ == line.Cursor)
            {
                cursor = walk.Next(width);
            }

            walk.Place(width);
        }

        ScreenPosition end = walk.Next(1);
        return new ScreenLayout(cursor ?? end, end, walk.Column == columns);
    }

    private struct Walk(int columns)
    {
        public int Row;
        public int Column; // may equal columns: the row is full and the next character wraps

        /// <summary>The cell a character of this width would be drawn in.</summary>
        public readonly ScreenPosition Next(int width) =>
            Column + Math.Max(width, 1) > columns ? new ScreenPosition(Row + 1, 0) : new ScreenPosition(Row, Column);

        public void Place(int width)
        {
            if (width == 0)
            {
                return; // combining marks share the previous cell
            }

            ScreenPosition at = Next(width);
            Row = at.Row;
            Column = at.Column + width;
        }
    }
}
