using k8s;
using k8s.Models;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// Everything the API server needs to know to serve one resource type: its names (what discovery advertises and
/// kubectl resolves "po" or "deploy" through), its scope, the C# model type, which subresources it has, how it
/// prints as a table, which fields can be selected, and its strategy (what create and update may change).
/// Adding a resource is one of these: see the files in Registry/Resources/.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology
/// </summary>
public sealed record ResourceDefinition
{
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>API group: "" for the core group (served under /api/v1), else e.g. "apps" (under /apis/apps/v1).</summary>
    public required string Group { get; init; }
    public string Version { get; init; } = "v1";
    public required string Kind { get; init; }
    /// <summary>The lower-case plural used in URLs and in storage keys: "pods", "deployments".</summary>
    public required string Plural { get; init; }
    public required bool Namespaced { get; init; }
    public required Type ModelType { get; init; }
    public required Type ListModelType { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    /// <summary>Groupings such as "all", which is what <c>kubectl get all</c> expands to.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;
    /// <summary>Subresources: "status" (writes only .status), "scale" (autoscaling/v1 Scale), "binding" (pods).</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];
    public ResourceStrategy Strategy { get; init; } = ResourceStrategy.Default;
    /// <summary>False for resources computed on request and never stored (componentstatuses, selfsubjectaccessreviews).</summary>
    public bool Stored { get; init; } = true;
    /// <summary>Columns for <c>kubectl get</c> (server-side Table). Null: the default Name / Created At table.</summary>
    public IReadOnlyList<TableColumn>? Columns { get; init; }
    /// <summary>Fields beyond metadata.name and metadata.namespace that <c>?fieldSelector=</c> accepts, and how to read them.</summary>
    public IReadOnlyDictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>> SelectableFields { get; init; } =
        new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>();

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string ListKind => Kind + "List";
    public string Singular => Kind.ToLowerInvariant();
    public bool HasSubresource(string name) => Subresources.Contains(name);

    // Keys follow upstream's layout, /registry/<plural>/… (upstream keeps a few historic exceptions, such as
    // Services under /registry/services/specs; we use the plural for every resource).

    /// <summary>The storage key prefix: <c>/registry/pods/</c>, or <c>/registry/pods/default/</c> within a namespace.</summary>
    public string KeyPrefix(string? ns) =>
        Namespaced && !string.IsNullOrEmpty(ns) ? $"/registry/{Plural}/{ns}/" : $"/registry/{Plural}/";

    /// <summary>The storage key of one object: <c>/registry/pods/default/web-1</c> or <c>/registry/nodes/node-1</c>.</summary>
    public string Key(string? ns, string name) => Namespaced ? $"/registry/{Plural}/{ns}/{name}" : $"/registry/{Plural}/{name}";

    /// <summary>The value of a selectable field, or null when this resource does not support it.</summary>
    public bool TryGetFieldValue(IKubernetesObject<V1ObjectMeta> obj, string field, out string? value)
    {
        switch (field)
        {
            case "metadata.name":
                value = obj.Metadata?.Name;
                return true;
            case "metadata.namespace":
                value = obj.Metadata?.NamespaceProperty;
                return true;
        }
        if (SelectableFields.TryGetValue(field, out var read))
        {
            value = read(obj);
            return true;
        }
        value = null;
        return false;
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
