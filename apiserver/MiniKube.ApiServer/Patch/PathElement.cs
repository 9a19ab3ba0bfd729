using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// One step of a field path, as server-side apply's field sets (structured-merge-diff) spell it. In
/// <c>metadata.managedFields[].fieldsV1</c> each step is a key: <c>f:image</c> (a field), <c>k:{"name":"main"}</c>
/// (the item of a keyed list whose key fields have these values), <c>v:"example.com/cleanup"</c> (a value of a set
/// list such as finalizers) or <c>i:0</c> (a list index, which we never produce). In conflict messages the same steps
/// print as <c>.image</c>, <c>[name="main"]</c>, <c>[="example.com/cleanup"]</c>.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
/// </summary>
internal readonly record struct PathElement(PathElementKind Kind, string Text)
{
    /// <summary>Sorts a node's children the way upstream does: fields, then keys, then values, then indexes.</summary>
    public static readonly IComparer<PathElement> Order = Comparer<PathElement>.Create(static (a, b) =>
        a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Text, b.Text));

    // Compact JSON without HTML escaping, so keys read like the ones kubectl shows: k:{"name":"main"}.
    private static readonly JsonSerializerOptions CanonicalJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static PathElement Field(string name) => new(PathElementKind.Field, name);

    /// <summary>A keyed list item: the key fields' names and values, written as JSON with the names sorted.</summary>
    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonNode?>> keyFields)
    {
        var sorted = new JsonObject();
        foreach (var (name, value) in keyFields.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            sorted[name] = value?.DeepClone();
        }

        return new PathElement(PathElementKind.Key, sorted.ToJsonString(CanonicalJson));
    }

    /// <summary>A set list item: the value itself as JSON.</summary>
    public static PathElement Value(JsonNode? value) =>
        new(PathElementKind.Value, value?.ToJsonString(CanonicalJson) ?? "null");

    /// <summary>Reads a fieldsV1 key such as <c>f:spec</c> or <c>k:{"name":"main"}</c>; false for anything else.</summary>
    public static bool TryParse(string serialized, out PathElement element)
    {
        element = default;
        if (serialized.Length < 2 || serialized[1] != ':')
        {
            return false;
        }

        var text = serialized[2..];
        switch (serialized[0])
        {
            case 'f':
                element = Field(text);
                return true;
            case 'i':
                element = new PathElement(PathElementKind.Index, text);
                return true;
            case 'k' when TryParseJson(text, out var parsed) && parsed is JsonObject keyFields:
                element = Key(keyFields); // re-spelled canonically, so keys written by others compare equal to ours
                return true;
            case 'v' when TryParseJson(text, out var parsed):
                element = Value(parsed);
                return true;
            default:
                return false;
        }
    }

    private static bool TryParseJson(string text, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }

    /// <summary>The key fields of a <see cref="PathElementKind.Key"/> element.</summary>
    public JsonObject KeyFields() => Kind == PathElementKind.Key && JsonNode.Parse(Text) is JsonObject fields ? fields : [];

    /// <summary>The fieldsV1 spelling: <c>f:image</c>, <c>k:{"name":"main"}</c>, <c>v:"x"</c>, <c>i:0</c>.</summary>
    public string Serialize() => Kind switch
    {
        PathElementKind.Field => "f:" + Text,
        PathElementKind.Key => "k:" + Text,
        PathElementKind.Value => "v:" + Text,
        _ => "i:" + Text,
    };

    /// <summary>The spelling in upstream conflict messages: <c>.image</c>, <c>[name="main"]</c>, <c>[=value]</c>, <c>[0]</c>.</summary>
    public override string ToString() => Kind switch
    {
        PathElementKind.Field => "." + Text,
        PathElementKind.Key => "[" + string.Join(",", KeyFields().Select(k => $"{k.Key}={k.Value?.ToJsonString(CanonicalJson) ?? "null"}")) + "]",
        PathElementKind.Value => "[=" + Text + "]",
        _ => "[" + Text + "]",
    };

    /// <summary>A whole path in upstream's spelling: <c>.spec.template.spec.containers[name="main"].image</c>.</summary>
    public static string Format(IEnumerable<PathElement> path) => string.Concat(path.Select(e => e.ToString()));
}

/// <summary>The kinds of path step; the declaration order is the order upstream sorts them in.</summary>
internal enum PathElementKind
{
    Field,
    Key,
    Value,
    Index,
}
