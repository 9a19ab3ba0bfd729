using System.Text.Json;
using System.Text.Json.Nodes;
using MiniKube.Cli.Client;
using YamlDotNet.Core;

namespace MiniKube.Cli.Manifests;

/// <summary>
/// Reads the objects named by <c>-f</c>: files, directories (their <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c>
/// files; sub-directories only with <c>-R</c>), multi-document YAML, and <c>-</c> for standard input. A
/// <c>kind: List</c> is unpacked into its items, as kubectl does.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/object-management/#declarative-object-configuration
/// </summary>
public static class ManifestReader
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    public static IReadOnlyList<Manifest> Read(IReadOnlyList<string> paths, bool recursive, TextReader stdin)
    {
        var manifests = new List<Manifest>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                manifests.AddRange(ParseText(stdin.ReadToEnd(), "STDIN"));
            }
            else if (Directory.Exists(path))
            {
                // Sorted, so a directory is applied in the same order on every machine (kubectl walks it in lexical order).
                var files = Directory.EnumerateFiles(path, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                    .Where(f => ManifestExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files) manifests.AddRange(ParseText(File.ReadAllText(file), file));
            }
            else if (File.Exists(path))
            {
                manifests.AddRange(ParseText(File.ReadAllText(path), path));
            }
            else
            {
                throw new CliException($"the path \"{path}\" does not exist");
            }
        }
        return manifests;
    }

    /// <summary>The objects in one file's text: JSON (one object) or YAML (any number of documents).</summary>
    public static IReadOnlyList<Manifest> ParseText(string text, string source)
    {
        IReadOnlyList<JsonNode> documents;
        try
        {
            // Like kubectl's YAMLOrJSONDecoder: a text that starts with '{' is JSON, anything else is YAML.
            documents = text.TrimStart().StartsWith('{') ? [JsonNode.Parse(text)!] : YamlToJson.ParseDocuments(text);
        }
        catch (YamlException ex)
        {
            throw new CliException($"error parsing {source}: yaml: line {ex.Start.Line}: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new CliException($"error parsing {source}: {ex.Message}", ex);
        }

        var manifests = new List<Manifest>();
        foreach (var document in documents)
        {
            if (document is not JsonObject obj) throw new CliException($"error parsing {source}: a manifest must be an object, not {document.GetValueKind()}");
            AddObject(obj, source, manifests);
        }
        return manifests;
    }

    private static void AddObject(JsonObject obj, string source, List<Manifest> manifests)
    {
        var kind = (string?)obj["kind"];
        if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty((string?)obj["apiVersion"]))
        {
            var missing = string.IsNullOrEmpty(kind) ? "Kind" : "APIVersion";
            throw new CliException($"unable to decode \"{source}\": Object '{missing}' is missing in '{obj.ToJsonString()}'");
        }
        // A List (kind "List", or any "…List" with items) is a container: each item is applied on its own.
        if (kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item is JsonObject child) AddObject((JsonObject)child.DeepClone(), source, manifests);
            }
            return;
        }
        manifests.Add(new Manifest(obj, source));
    }
}
