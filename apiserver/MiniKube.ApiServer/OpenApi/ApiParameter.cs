namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// A path ("in": "path") or query ("in": "query") parameter of an operation, such as {namespace} or ?fieldValidation.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
/// </summary>
/// <param name="Type">The JSON type of the value: "string", "integer" or "boolean".</param>
internal sealed record ApiParameter(string Name, string In, string Type, string Description, bool Required = false);
