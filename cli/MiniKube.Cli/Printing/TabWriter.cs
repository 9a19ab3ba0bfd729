using System.Text;

namespace MiniKube.Cli.Printing;

/// <summary>
/// Lines up tab-separated cells into columns, the way Go's <c>text/tabwriter</c> does for kubectl's tables and
/// <c>describe</c> ("elastic tabstops"): a column is as wide as its widest cell plus <c>padding</c> (at least
/// <c>minWidth</c>), measured over the run of consecutive lines that have that column. The text after a line's last
/// tab belongs to no column and is never padded, so lines carry no trailing spaces. With <c>rememberWidths</c>
/// (used by <c>get --watch</c>) a column never shrinks between two writes, so rows printed later still line up.
/// Concept: https://kubernetes.io/docs/reference/kubectl/#formatting-output
/// </summary>
public sealed class TabWriter(int minWidth, int padding, bool rememberWidths = false)
{
    private readonly List<int> _rememberedWidths = [];

    /// <summary>Forgets the remembered widths, for a new table with other columns.</summary>
    public void ResetWidths() => _rememberedWidths.Clear();

    /// <summary>Aligns <paramref name="text"/> (lines separated by '\n', cells by '\t').</summary>
    public string Format(string text)
    {
        var lines = text.Split('\n').Select(line => line.Split('\t')).ToList();
        var output = new StringBuilder();
        FormatColumn(lines, 0, lines.Count, [], output);
        return output.ToString();
    }

    // Formats lines [first, end) knowing the widths of the columns left of widths.Count; recurses one column deeper
    // for each run ("block") of consecutive lines that have a cell in the next column.
    private void FormatColumn(List<string[]> lines, int first, int end, List<int> widths, StringBuilder output)
    {
        var column = widths.Count;
        for (var current = first; current < end; current++)
        {
            if (!HasColumn(lines[current], column)) continue;

            // A block starts here: lines before it are finished.
            WriteLines(lines, first, current, widths, output);
            first = current;
            var width = minWidth;
            for (; current < end && HasColumn(lines[current], column); current++)
            {
                width = Math.Max(width, lines[current][column].Length + padding);
            }
            width = Remember(column, width, widths);

            widths.Add(width);
            FormatColumn(lines, first, current, widths, output);
            widths.RemoveAt(widths.Count - 1);
            first = current;
        }
        WriteLines(lines, first, end, widths, output);
    }

    // A cell belongs to a column only when a tab ends it, so the last cell of a line never does.
    private static bool HasColumn(string[] cells, int column) => column < cells.Length - 1;

    private int Remember(int column, int width, List<int> widths)
    {
        if (!rememberWidths) return width;
        while (_rememberedWidths.Count < column) _rememberedWidths.Add(widths[_rememberedWidths.Count]);
        if (_rememberedWidths.Count == column) _rememberedWidths.Add(width);
        else if (_rememberedWidths[column] > width) width = _rememberedWidths[column];
        else _rememberedWidths[column] = width;
        return width;
    }

    private static void WriteLines(List<string[]> lines, int first, int end, List<int> widths, StringBuilder output)
    {
        for (var i = first; i < end; i++)
        {
            var cells = lines[i];
            for (var j = 0; j < cells.Length; j++)
            {
                output.Append(cells[j]);
                if (j < widths.Count) output.Append(' ', Math.Max(0, widths[j] - cells[j].Length));
            }
            // The text after the last newline is an unfinished line: it gets no newline of its own.
            if (i + 1 < lines.Count) output.Append('\n');
        }
    }
}
