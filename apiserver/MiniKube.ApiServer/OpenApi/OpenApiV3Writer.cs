using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// Writes one group version (api/v1, apis/apps/v1) as an OpenAPI 3.0 document, the form served at
/// /openapi/v3/&lt;group-version&gt;. kubectl 1.27+ uses these for explain and apply.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3
/// </summary>
internal static class OpenApiV3Writer
{
    public static JsonObject Document(IEnumerable<ApiPath> paths, ComponentSchemas schemas)
    {
        var pathsJson = new JsonObject();
        foreach (var path in paths.OrderBy(p => p.Path, StringComparer.Ordinal))
        {
            pathsJson[path.Path] = PathItem(path);
        }
        var schemasJson = new JsonObject();
        foreach (var (name, schema) in schemas.Schemas)
        {
            schemasJson[name] = schema.DeepClone();
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "unversioned" },
            ["paths"] = pathsJson,
            ["components"] = new JsonObject { ["schemas"] = schemasJson },
        };
    }

    private static JsonObject PathItem(ApiPath path)
    {
        var item = new JsonObject();
        foreach (var operation in path.Operations)
        {
            item[operation.Method] = Operation(operation);
        }
        item["parameters"] = new JsonArray([.. path.Parameters.Select(Parameter)]);
        return item;
    }

    private static JsonObject Operation(ApiOperation operation)
    {
        var json = new JsonObject
        {
            ["tags"] = new JsonArray(operation.Tag),
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
        };
        if (operation.Parameters.Count > 0)
        {
            json["parameters"] = new JsonArray([.. operation.Parameters.Select(Parameter)]);
        }
        if (operation.RequestDefinition is { } request)
        {
            var content = new JsonObject();
            foreach (var contentType in operation.RequestContentTypes)
            {
                content[contentType] = new JsonObject { ["schema"] = ComponentSchemas.Ref(request) };
            }
            json["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }
        var responses = new JsonObject();
        foreach (var code in operation.SuccessCodes)
        {
            responses[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = StatusText(code),
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = ComponentSchemas.Ref(operation.ResponseDefinition) },
                },
            };
        }
        responses["401"] = new JsonObject { ["description"] = StatusText(401) };
        json["responses"] = responses;
        json["x-kubernetes-action"] = operation.Action;
        // On an operation this is one object, not a list as on a schema: kubectl reads it as a map.
        json["x-kubernetes-group-version-kind"] = operation.Kind.ToJson();
        return json;
    }

    private static JsonObject Parameter(ApiParameter parameter)
    {
        var json = new JsonObject
        {
            ["name"] = parameter.Name,
            ["in"] = parameter.In,
            ["description"] = parameter.Description,
        };
        if (parameter.Required)
        {
            json["required"] = true;
        }
        json["schema"] = new JsonObject { ["type"] = parameter.Type, ["uniqueItems"] = true };
        return json;
    }

    internal static string StatusText(int code) => code switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        401 => "Unauthorized",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
