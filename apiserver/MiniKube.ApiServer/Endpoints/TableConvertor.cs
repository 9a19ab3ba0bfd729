using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>
/// Builds the <c>meta.k8s.io/v1 Table</c> that <c>kubectl get</c> prints: column definitions once, then one row
/// per object with pre-formatted cells and the object's metadata (<c>PartialObjectMetadata</c>), or the whole
/// object when the client asks <c>includeObject=Object</c>.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
/// </summary>
public static class TableConvertor
{
    private static readonly IReadOnlyList<TableColumn> DefaultColumns =
    [
        TableColumn.NameColumn(),
        new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            (o, _) => o.Metadata.CreationTimestamp?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public static JsonObject ToTable(ResourceDefinition resource, IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, ListMetadata metadata,
        bool includeColumns, string includeObject)
    {
        var columns = resource.Columns ?? DefaultColumns;
        var now = DateTime.UtcNow;
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var column in columns) cells.Add(JsonValue.Create(column.Cell(obj, now)));
            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = RowObject(obj, includeObject),
            });
        }
        var meta = new JsonObject { ["resourceVersion"] = metadata.ResourceVersion };
        if (metadata.Continue is not null) meta["continue"] = metadata.Continue;
        if (metadata.RemainingItemCount is not null) meta["remainingItemCount"] = metadata.RemainingItemCount;
        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta };
        // In a watch stream only the first event carries the column definitions, as upstream.
        if (includeColumns)
        {
            table["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray());
        }
        table["rows"] = rows;
        return table;
    }

    private static JsonNode? RowObject(IKubernetesObject<V1ObjectMeta> obj, string includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => JsonNode.Parse(ObjectCodec.Serialize(obj)),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = JsonNode.Parse(KubernetesJson.Serialize(obj.Metadata)),
        },
    };
}

/// <summary>The list-level metadata a Table or a list carries.</summary>
public sealed record ListMetadata(string ResourceVersion, string? Continue = null, long? RemainingItemCount = null);
