using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// Writes the whole API as one OpenAPI 2.0 (Swagger) document, the form served at /openapi/v2. Older clients use it:
/// kubectl up to 1.28 reads it (as protobuf) for apply and explain. It holds the same schemas as the v3 documents,
/// rewritten to Swagger's rules by <see cref="ToV2Schema"/>.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v2
/// </summary>
internal static class OpenApiV2Writer
{
    public const string RefPrefix = "#/definitions/";

    public static JsonObject Document(IReadOnlyDictionary<string, JsonObject> pathItems, IReadOnlyDictionary<string, JsonObject> definitions)
    {
        var paths = new JsonObject();
        foreach (var (path, item) in pathItems.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths[path] = item.DeepClone();
        }
        var definitionsJson = new JsonObject();
        foreach (var (name, schema) in definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            definitionsJson[name] = schema.DeepClone();
        }
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "unversioned" },
            ["paths"] = paths,
            ["definitions"] = definitionsJson,
        };
    }

    public static JsonObject PathItem(ApiPath path)
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
        var parameters = new JsonArray([.. operation.Parameters.Select(Parameter)]);
        if (operation.RequestDefinition is { } request)
        {
            // Swagger 2.0 has no requestBody: the body is a parameter "in": "body", and "consumes" lists its media types.
            parameters.Add(new JsonObject
            {
                ["name"] = "body",
                ["in"] = "body",
                ["required"] = true,
                ["schema"] = new JsonObject { ["$ref"] = RefPrefix + request },
            });
        }
        var responses = new JsonObject();
        foreach (var code in operation.SuccessCodes)
        {
            responses[code.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = OpenApiV3Writer.StatusText(code),
                ["schema"] = new JsonObject { ["$ref"] = RefPrefix + operation.ResponseDefinition },
            };
        }
        responses["401"] = new JsonObject { ["description"] = OpenApiV3Writer.StatusText(401) };

        var json = new JsonObject
        {
            ["tags"] = new JsonArray(operation.Tag),
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
            ["consumes"] = new JsonArray([.. (operation.RequestContentTypes.Count > 0 ? operation.RequestContentTypes : ["*/*"]).Select(c => JsonValue.Create(c))]),
            ["produces"] = new JsonArray("application/json"),
            ["schemes"] = new JsonArray("https"),
        };
        if (parameters.Count > 0)
        {
            json["parameters"] = parameters;
        }
        json["responses"] = responses;
        json["x-kubernetes-action"] = operation.Action;
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
            ["type"] = parameter.Type,
            ["uniqueItems"] = true,
        };
        if (parameter.Required)
        {
            json["required"] = true;
        }
        return json;
    }

    /// <summary>
    /// Rewrites a v3 schema for Swagger 2.0: references point into #/definitions/, and the one-element allOf that v3
    /// needs around a described reference becomes a plain $ref with the description beside it, as upstream's v2
    /// documents have it (kubectl's v2 parser rejects anything else beside a $ref, such as a "type"). A oneOf of
    /// scalar types becomes "type": "string".
    /// </summary>
    public static JsonNode ToV2Schema(JsonNode node)
    {
        switch (node)
        {
            case JsonObject schema when schema["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject single && single["$ref"] is JsonValue:
                var unwrapped = new JsonObject { ["$ref"] = ToV2Ref(single["$ref"]!) };
                foreach (var (key, value) in schema)
                {
                    if (key is not "allOf" and not "default")
                    {
                        unwrapped[key] = value is null ? null : ToV2Schema(value);
                    }
                }
                return unwrapped;
            case JsonObject schema when schema["oneOf"] is JsonArray:
                // Swagger 2.0 has no oneOf. Upstream's v2 documents give both of our union scalars (Quantity and
                // IntOrString) the type string.
                var scalar = new JsonObject();
                foreach (var (key, value) in schema)
                {
                    if (key != "oneOf")
                    {
                        scalar[key] = value?.DeepClone();
                    }
                }
                scalar["type"] = "string";
                return scalar;
            case JsonObject schema:
                var copy = new JsonObject();
                foreach (var (key, value) in schema)
                {
                    // A string "$ref" is a reference; a "$ref" object is a property of that name (JSONSchemaProps has one).
                    copy[key] = key == "$ref" && value is JsonValue reference ? ToV2Ref(reference) : value is null ? null : ToV2Schema(value);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => item is null ? null : ToV2Schema(item))]);
            default:
                return node.DeepClone();
        }
    }

    private static JsonValue ToV2Ref(JsonNode v3Ref)
    {
        var reference = v3Ref.GetValue<string>();
        return JsonValue.Create(reference.StartsWith(ComponentSchemas.RefPrefix, StringComparison.Ordinal)
            ? RefPrefix + reference[ComponentSchemas.RefPrefix.Length..]
            : reference);
    }
}
