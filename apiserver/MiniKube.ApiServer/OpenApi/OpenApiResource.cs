namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// One resource type the API server serves (pods, deployments, …) as the OpenAPI documents see it: the
/// group/version/kind, the plural used in URLs, the scope, the verbs and subresources, and the KubernetesClient model
/// types whose properties become its schema. <see cref="Group"/> is "" for the core group (URLs under /api/v1).
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
/// </summary>
public sealed record OpenApiResource(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    Type ModelType,
    Type ListModelType,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Subresources)
{
    /// <summary>"api/v1" for the core group, "apis/apps/v1" otherwise: the key of its document under /openapi/v3.</summary>
    public string GroupVersionPath => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
}
