using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MiniKube.Cli.Manifests;

/// <summary>
/// Converts YAML documents to JSON, which is what the API server speaks. Kubernetes manifests are written in YAML
/// but are JSON objects underneath, so every YAML value must become the JSON value it means: an unquoted
/// <c>3</c> is a number, <c>"3"</c> is a string, <c>true</c> a boolean, <c>~</c> or nothing a null (the YAML 1.2 core schema).
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/#describing-a-kubernetes-object
/// </summary>
public static partial class YamlToJson
{
    /// <summary>Every document of a (possibly multi-document, <c>---</c>-separated) YAML text; empty documents are skipped.</summary>
    public static IReadOnlyList<JsonNode> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var documents = new List<JsonNode>();
        foreach (var document in stream.Documents)
        {
            if (Convert(document.RootNode) is { } node) documents.Add(node);
        }
        return documents;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new YamlException(key.Start, key.End, "a mapping key must be a plain string");
            if (obj.ContainsKey(name)) throw new YamlException(key.Start, key.End, $"mapping key \"{name}\" already defined");
            obj[name] = Convert(value);
        }
        return obj;
    }

    // Only unquoted ("plain") scalars can mean something other than a string; quoted ones and block text are strings.
    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || scalar.Tag == "tag:yaml.org,2002:str") return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
