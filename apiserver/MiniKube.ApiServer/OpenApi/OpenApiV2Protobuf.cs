using System.Text.Json.Nodes;
using Google.Protobuf;
using MiniKube.ApiServer.OpenApi.Gnostic;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// Encodes the Swagger 2.0 JSON document as the protobuf message kubectl 1.27/1.28 download from /openapi/v2
/// (gnostic's openapi.v2.Document, declared in openapiv2.proto). Those versions decode the body as protobuf whatever
/// its Content-Type, so serving JSON there breaks their apply. Every "x-…" extension travels as a NamedAny whose
/// value is YAML text; we write the JSON text, which is valid YAML.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v2
/// </summary>
internal static class OpenApiV2Protobuf
{
    public static byte[] Encode(JsonObject swagger) => ToDocument(swagger).ToByteArray();

    public static Document ToDocument(JsonObject swagger)
    {
        var document = new Document
        {
            Swagger = Text(swagger["swagger"]),
            Info = new Info { Title = Text(swagger["info"]?["title"]), Version = Text(swagger["info"]?["version"]) },
            Paths = new Paths(),
            Definitions = new Definitions(),
        };
        foreach (var (path, item) in Object(swagger["paths"]))
        {
            document.Paths.Path.Add(new NamedPathItem { Name = path, Value = ToPathItem(Object(item)) });
        }
        foreach (var (name, schema) in Object(swagger["definitions"]))
        {
            document.Definitions.AdditionalProperties.Add(new NamedSchema { Name = name, Value = ToSchema(Object(schema)) });
        }
        return document;
    }

    public static Schema ToSchema(JsonObject json)
    {
        var schema = new Schema();
        foreach (var (key, value) in json)
        {
            switch (key)
            {
                case "$ref": schema.Ref = Text(value); break;
                case "description": schema.Description = Text(value); break;
                case "format": schema.Format = Text(value); break;
                case "title": schema.Title = Text(value); break;
                case "type": schema.Type = new TypeItem { Value = { Text(value) } }; break;
                case "uniqueItems": schema.UniqueItems = value!.GetValue<bool>(); break;
                case "required": schema.Required.Add(Array(value).Select(Text)); break;
                case "items": schema.Items = new ItemsItem { Schema = { ToSchema(Object(value)) } }; break;
                case "properties":
                    schema.Properties = new Properties();
                    foreach (var (name, property) in Object(value))
                    {
                        schema.Properties.AdditionalProperties.Add(new NamedSchema { Name = name, Value = ToSchema(Object(property)) });
                    }
                    break;
                case "additionalProperties":
                    schema.AdditionalProperties = value is JsonObject valueSchema
                        ? new AdditionalPropertiesItem { Schema = ToSchema(valueSchema) }
                        : new AdditionalPropertiesItem { Boolean = value!.GetValue<bool>() };
                    break;
                case var extension when extension.StartsWith("x-", StringComparison.Ordinal):
                    schema.VendorExtension.Add(Extension(extension, value));
                    break;
                default:
                    // Fail loudly: a key we silently dropped here would make v2 and v3 clients see different APIs.
                    throw new NotSupportedException($"Schema key \"{key}\" has no protobuf mapping in {nameof(OpenApiV2Protobuf)}.");
            }
        }
        return schema;
    }

    private static PathItem ToPathItem(JsonObject json)
    {
        var item = new PathItem();
        foreach (var (key, value) in json)
        {
            switch (key)
            {
                case "get": item.Get = ToOperation(Object(value)); break;
                case "put": item.Put = ToOperation(Object(value)); break;
                case "post": item.Post = ToOperation(Object(value)); break;
                case "delete": item.Delete = ToOperation(Object(value)); break;
                case "patch": item.Patch = ToOperation(Object(value)); break;
                case "parameters": item.Parameters.Add(Array(value).Select(p => ToParameter(Object(p)))); break;
                case var extension when extension.StartsWith("x-", StringComparison.Ordinal):
                    item.VendorExtension.Add(Extension(extension, value));
                    break;
                default: throw new NotSupportedException($"Path item key \"{key}\" has no protobuf mapping.");
            }
        }
        return item;
    }

    private static Operation ToOperation(JsonObject json)
    {
        var operation = new Operation();
        foreach (var (key, value) in json)
        {
            switch (key)
            {
                case "tags": operation.Tags.Add(Array(value).Select(Text)); break;
                case "description": operation.Description = Text(value); break;
                case "operationId": operation.OperationId = Text(value); break;
                case "consumes": operation.Consumes.Add(Array(value).Select(Text)); break;
                case "produces": operation.Produces.Add(Array(value).Select(Text)); break;
                case "schemes": operation.Schemes.Add(Array(value).Select(Text)); break;
                case "parameters": operation.Parameters.Add(Array(value).Select(p => ToParameter(Object(p)))); break;
                case "responses":
                    operation.Responses = new Responses();
                    foreach (var (code, response) in Object(value))
                    {
                        operation.Responses.ResponseCode.Add(new NamedResponseValue { Name = code, Value = new ResponseValue { Response = ToResponse(Object(response)) } });
                    }
                    break;
                case var extension when extension.StartsWith("x-", StringComparison.Ordinal):
                    operation.VendorExtension.Add(Extension(extension, value));
                    break;
                default: throw new NotSupportedException($"Operation key \"{key}\" has no protobuf mapping.");
            }
        }
        return operation;
    }

    private static Response ToResponse(JsonObject json)
    {
        var response = new Response { Description = Text(json["description"]) };
        if (json["schema"] is JsonObject schema)
        {
            response.Schema = new SchemaItem { Schema = ToSchema(schema) };
        }
        return response;
    }

    private static ParametersItem ToParameter(JsonObject json)
    {
        var name = Text(json["name"]);
        var location = Text(json["in"]);
        var description = Text(json["description"]);
        var required = json["required"]?.GetValue<bool>() ?? false;
        var type = Text(json["type"]);
        var uniqueItems = json["uniqueItems"]?.GetValue<bool>() ?? false;
        // A parameter is a oneof: the body, or one of the non-body kinds chosen by "in".
        var parameter = location switch
        {
            "body" => new Parameter
            {
                BodyParameter = new BodyParameter { Name = name, In = location, Description = description, Required = required, Schema = ToSchema(Object(json["schema"])) },
            },
            "query" => new Parameter
            {
                NonBodyParameter = new NonBodyParameter
                {
                    QueryParameterSubSchema = new QueryParameterSubSchema { Name = name, In = location, Description = description, Required = required, Type = type, UniqueItems = uniqueItems },
                },
            },
            "path" => new Parameter
            {
                NonBodyParameter = new NonBodyParameter
                {
                    PathParameterSubSchema = new PathParameterSubSchema { Name = name, In = location, Description = description, Required = required, Type = type, UniqueItems = uniqueItems },
                },
            },
            _ => throw new NotSupportedException($"Parameter location \"{location}\" has no protobuf mapping."),
        };
        return new ParametersItem { Parameter = parameter };
    }

    private static NamedAny Extension(string name, JsonNode? value) =>
        new() { Name = name, Value = new Any { Yaml = value?.ToJsonString() ?? "null" } };

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static JsonObject Object(JsonNode? node) =>
        node as JsonObject ?? throw new InvalidOperationException($"Expected a JSON object, found {node?.GetValueKind().ToString() ?? "nothing"}.");

    private static JsonArray Array(JsonNode? node) =>
        node as JsonArray ?? throw new InvalidOperationException($"Expected a JSON array, found {node?.GetValueKind().ToString() ?? "nothing"}.");
}
