namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// One resource type as discovery describes it (upstream: a GroupVersionResource with its APIResource entry): where
/// it is served, its kind, whether it lives in namespaces and which verbs it supports.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
/// </summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced, IReadOnlyList<string> Verbs)
{
    /// <summary>"v1" for the core group, else "apps/v1": what objects carry in apiVersion.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection's URL path: <c>/api/v1/namespaces/ns/pods</c> or <c>/apis/apps/v1/deployments</c>.</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(ns) ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}" : $"{root}/{Plural}";
    }

    public string ObjectPath(string? ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";

    public bool Supports(string verb) => Verbs.Contains(verb);

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
