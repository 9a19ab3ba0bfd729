using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniKube.Cli.Printing;

/// <summary>
/// <c>-o json</c>: the object exactly as the server sent it, indented by four spaces with keys in alphabetical order,
/// which is what kubectl prints (it handles objects as generic maps, and Go writes map keys sorted).
/// Concept: https://kubernetes.io/docs/reference/kubectl/#output-options
/// </summary>
public static class JsonPrinter
{
    public static string Print(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 4,
            // Keep non-ASCII text readable instead of \u escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            SortedKeys(node)?.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A copy of <paramref name="node"/> whose objects list their keys in ordinal order, at every depth.</summary>
    public static JsonNode? SortedKeys(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortedKeys(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(SortedKeys)]),
        null => null,
        _ => node.DeepClone(),
    };
}
