using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// Group, version and kind: what identifies a type in the API ("apps", "v1", "Deployment"; group "" is core).
/// The OpenAPI documents carry it as the x-kubernetes-group-version-kind extension, which is how kubectl finds the
/// schema and the operations of the kind it is working on.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology
/// </summary>
internal readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>{"group":"apps","kind":"Deployment","version":"v1"}: exactly these three keys, since kubectl compares whole maps.</summary>
    public JsonObject ToJson() => new() { ["group"] = Group, ["kind"] = Kind, ["version"] = Version };
}
