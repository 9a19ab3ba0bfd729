namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// One URL of the REST API (/api/v1/namespaces/{namespace}/pods/{name}) and the operations it accepts. This is the
/// neutral form that both the OpenAPI v3 and the v2 (Swagger) writers turn into JSON.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
/// </summary>
/// <param name="Parameters">Parameters shared by every operation of the path: {namespace}, {name}, ?pretty.</param>
internal sealed record ApiPath(string Path, IReadOnlyList<ApiParameter> Parameters, IReadOnlyList<ApiOperation> Operations);
