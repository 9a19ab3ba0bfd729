using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniKube.Cli.Printing;

/// <summary>
/// Prints the <c>meta.k8s.io/v1 Table</c> the server returns for <c>get</c>, like kubectl's human-readable printer:
/// upper-case headers, columns of priority 0 (priority 1 too with <c>-o wide</c>), cells left-aligned with three
/// spaces between columns. The server chose the columns and formatted the cells, so this printer works for any
/// resource type. Tables from a watch carry column definitions only in their first event; later tables reuse them.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
/// </summary>
public sealed class TablePrinter(TablePrintOptions options)
{
    // kubectl's table writer: columns at least 6 wide, 3 spaces of padding, widths remembered across flushes.
    private readonly TabWriter _tabWriter = new(minWidth: 6, padding: 3, rememberWidths: true);
    private readonly StringBuilder _pending = new();
    private JsonArray? _lastColumns;
    private bool _printedHeaders;

    /// <summary>True once at least one row was written.</summary>
    public bool PrintedRows { get; private set; }

    /// <summary>Adds a table's rows (and its header, unless the same header is already out). <see cref="Render"/> returns the text.</summary>
    public void Add(JsonObject table)
    {
        var columns = table["columnDefinitions"] as JsonArray;
        var rows = table["rows"] as JsonArray ?? [];
        var noHeaders = options.NoHeaders;
        if (_printedHeaders && (columns is null || columns.Count == 0 || JsonNode.DeepEquals(columns, _lastColumns))) noHeaders = true;
        if (columns is null || columns.Count == 0)
        {
            columns = _lastColumns ?? [];
        }
        else if (!JsonNode.DeepEquals(columns, _lastColumns))
        {
            _lastColumns = columns;
            _printedHeaders = false;
        }
        if (rows.Count == 0) return; // no header over an empty table
        _printedHeaders = true;
        PrintedRows = true;

        var visible = Enumerable.Range(0, columns.Count).Where(i => options.Wide || ((int?)columns[i]?["priority"] ?? 0) == 0).ToList();
        var nameColumn = Enumerable.Range(0, columns.Count)
            .FirstOrDefault(i => (string?)columns[i]?["format"] == "name" && (string?)columns[i]?["type"] == "string", -1);

        if (!noHeaders)
        {
            var headers = visible.Select(i => ((string?)columns[i]?["name"] ?? "").ToUpperInvariant());
            if (options.WithNamespace) headers = headers.Prepend("NAMESPACE");
            _pending.Append(string.Join('\t', headers)).Append('\n');
        }
        foreach (var row in rows)
        {
            var cells = row?["cells"] as JsonArray ?? [];
            var texts = visible.Select(i =>
            {
                var text = i < cells.Count ? CellText(cells[i]) : "";
                return i == nameColumn && options.KindPrefix is not null ? $"{options.KindPrefix}/{text}" : text;
            });
            // -A: the namespace comes from the row's object (PartialObjectMetadata), not from a column.
            if (options.WithNamespace) texts = texts.Prepend((string?)row?["object"]?["metadata"]?["namespace"] ?? "");
            _pending.Append(string.Join('\t', texts)).Append('\n');
        }
    }

    /// <summary>Everything added since the last call, aligned (empty when nothing was added).</summary>
    public string Render()
    {
        var text = _tabWriter.Format(_pending.ToString());
        _pending.Clear();
        return text;
    }

    /// <summary>A cell as kubectl prints it: strings as they are, numbers and booleans in JSON form, null as nothing.</summary>
    internal static string CellText(JsonNode? cell)
    {
        var text = cell switch
        {
            null => "",
            JsonValue value when value.GetValueKind() == JsonValueKind.String => (string?)value ?? "",
            _ => cell.ToJsonString(),
        };
        // A newline would break the table: like kubectl, cut the cell there.
        var cut = text.IndexOfAny(['\n', '\r', '\f']);
        return cut < 0 ? text : text[..cut] + "...";
    }
}
