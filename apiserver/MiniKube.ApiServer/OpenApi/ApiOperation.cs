namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// One HTTP method on a path, with the Kubernetes verb it performs (x-kubernetes-action: get, list, post, put, patch,
/// delete, deletecollection) and the kind it works on (x-kubernetes-group-version-kind).
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
/// </summary>
/// <param name="RequestDefinition">The definition the request body must match, or null when there is no body.</param>
/// <param name="RequestContentTypes">The media types accepted for the body (the patch types for PATCH).</param>
/// <param name="ResponseDefinition">The definition of a successful response body.</param>
internal sealed record ApiOperation(
    string Method,
    string Action,
    string OperationId,
    string Description,
    string Tag,
    GroupVersionKind Kind,
    IReadOnlyList<ApiParameter> Parameters,
    string? RequestDefinition,
    IReadOnlyList<string> RequestContentTypes,
    string ResponseDefinition,
    IReadOnlyList<int> SuccessCodes);
