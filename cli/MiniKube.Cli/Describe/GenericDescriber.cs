using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Describe;

/// <summary>
/// <c>describe</c> for any kind without its own describer (ConfigMaps, Services, custom resources…): name,
/// namespace, labels and annotations, then every other field with a readable label ("apiVersion" becomes
/// "API Version"), then the Events. It needs no knowledge of the kind, like kubectl's generic describer.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_describe/
/// </summary>
public sealed class GenericDescriber(string kind) : IDescriber
{
    // Already printed at the top, or (managedFields) bookkeeping that would drown the page.
    private static readonly string[] Skipped =
        [".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];

    public async Task<string> DescribeAsync(ApiClient client, JsonObject obj, CancellationToken cancellationToken)
    {
        var metadata = KubernetesJson.Deserialize<V1ObjectMeta>(obj["metadata"]?.ToJsonString() ?? "{}");
        // Events about a cluster-scoped object live in any namespace: search them all.
        var ns = string.IsNullOrEmpty(metadata.NamespaceProperty) ? null : metadata.NamespaceProperty;
        var events = await EventsSection.SearchAsync(client, ns, EventsSection.InvolvedObject(metadata, kind), cancellationToken);

        var w = new DescribeWriter();
        w.Line(0, $"Name:\t{metadata.Name}");
        w.Line(0, $"Namespace:\t{metadata.NamespaceProperty}");
        w.LabelsMultiline("Labels", metadata.Labels);
        w.AnnotationsMultiline("Annotations", metadata.Annotations);
        WriteFields(w, 0, obj, "");
        EventsSection.Write(w, events);
        return w.ToString();
    }

    private static void WriteFields(DescribeWriter w, int level, JsonObject content, string path)
    {
        foreach (var (field, value) in content.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var fieldPath = $"{path}.{field}";
            if (Skipped.Contains(fieldPath)) continue;
            switch (value)
            {
                case JsonObject nested:
                    w.Line(level, $"{SmartLabel(field)}:");
                    WriteFields(w, level + 1, nested, fieldPath);
                    break;
                case JsonArray items:
                    w.Line(level, $"{SmartLabel(field)}:");
                    foreach (var item in items)
                    {
                        if (item is JsonObject child) WriteFields(w, level + 1, child, fieldPath);
                        else w.Line(level + 1, Scalar(item));
                    }
                    break;
                default:
                    w.Line(level, $"{SmartLabel(field)}:\t{Scalar(value)}");
                    break;
            }
        }
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "<nil>",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (string)v!,
        _ => value.ToJsonString(),
    };

    /// <summary>
    /// A field name as a label: camelCase split into title-cased words, with API, URL, UID and GUID in capitals
    /// ("apiVersion" → "API Version", "creationTimestamp" → "Creation Timestamp"). Names with other characters stay as they are.
    /// </summary>
    internal static string SmartLabel(string field)
    {
        if (field.Any(c => !char.IsLetter(c) && c != '-')) return field;
        var words = new List<string>();
        var parts = CamelCaseSplit(field);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            // "IPs" is split into "I" + "Ps" first; an all-capitals run followed by a capitalised word is joined back.
            if (i < parts.Count - 1 && part.Length >= 2 && part.All(char.IsUpper) && char.IsUpper(parts[i + 1][0]))
            {
                words.Add(part + parts[i + 1]);
                i++;
                continue;
            }
            words.Add(part);
        }
        return string.Join(' ', words.Where(p => p != "_").Select(p =>
            p.ToUpperInvariant() is "API" or "URL" or "UID" or "GUID" ? p.ToUpperInvariant()
            : p.All(char.IsLower) ? char.ToUpperInvariant(p[0]) + p[1..]
            : p));
    }

    // Splits at changes between lower case, upper case and other characters; in "HTTPServer" the last capital of a
    // capitals run starts the next word ("HTTP", "Server").
    private static List<string> CamelCaseSplit(string text)
    {
        var runs = new List<StringBuilder>();
        var lastClass = -1;
        foreach (var c in text)
        {
            var charClass = char.IsLower(c) ? 1 : char.IsUpper(c) ? 2 : char.IsDigit(c) ? 3 : 4;
            if (charClass != lastClass) runs.Add(new StringBuilder());
            runs[^1].Append(c);
            lastClass = charClass;
        }
        for (var i = 0; i < runs.Count - 1; i++)
        {
            if (runs[i].Length > 0 && char.IsUpper(runs[i][0]) && char.IsLower(runs[i + 1][0]))
            {
                runs[i + 1].Insert(0, runs[i][^1]);
                runs[i].Length--;
            }
        }
        return [.. runs.Where(r => r.Length > 0).Select(r => r.ToString())];
    }
}
