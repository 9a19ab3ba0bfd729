using System.Text.Json.Nodes;

namespace MiniKube.Cli.Manifests;

/// <summary>
/// One object read from a <c>-f</c> file: its JSON and the file it came from, so messages can say
/// <c>error when creating "web.yaml": …</c> as kubectl does.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/#describing-a-kubernetes-object
/// </summary>
public sealed record Manifest(JsonObject Object, string Source)
{
    public string ApiVersion => (string?)Object["apiVersion"] ?? "";

    public string Kind => (string?)Object["kind"] ?? "";

    public string Name => (string?)Object["metadata"]?["name"] ?? "";

    /// <summary>The namespace written in the file, or null when the file leaves it to <c>-n</c> / the context.</summary>
    public string? Namespace => (string?)Object["metadata"]?["namespace"] is { Length: > 0 } ns ? ns : null;
}
