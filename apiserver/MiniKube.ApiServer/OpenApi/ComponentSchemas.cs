using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// The "components.schemas" section of one OpenAPI v3 document: one JSON schema per API type, under its upstream
/// name, made by reflecting over KubernetesClient's model types. <c>kubectl explain</c> prints these schemas and
/// <c>kubectl apply</c> reads the merge keys in them.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3
/// </summary>
internal sealed class ComponentSchemas
{
    public const string RefPrefix = "#/components/schemas/";

    private const string GroupVersionKindExtension = "x-kubernetes-group-version-kind";

    private readonly DefinitionNames _names;
    private readonly ModelDocumentation _docs;
    private readonly SortedDictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _nameOfType = [];

    public ComponentSchemas(DefinitionNames names, ModelDocumentation docs)
    {
        _names = names;
        _docs = docs;
    }

    /// <summary>Every schema added so far, sorted by name (so the same resources always give the same bytes).</summary>
    public IReadOnlyDictionary<string, JsonObject> Schemas => _schemas;

    /// <summary>Adds the schema of a model type and of every type it uses; returns its definition name.</summary>
    public string Add(Type modelType)
    {
        if (_nameOfType.TryGetValue(modelType, out var known))
        {
            return known;
        }
        var name = _names.NameOf(modelType);
        _nameOfType[modelType] = name; // before the properties: types may refer to themselves (JSONSchemaProps)
        _schemas[name] = BuildObjectSchema(modelType, name);
        return name;
    }

    /// <summary>Adds the schema of PATCH request bodies (any JSON: the patch type decides what it means).</summary>
    public string AddPatch() => AddWellKnown(DefinitionNames.Patch);

    /// <summary>
    /// Makes sure a kind's schema carries its group/version/kind. The model's [KubernetesEntity] usually says so
    /// already; the resource list of the API server is the authority when it does not.
    /// </summary>
    public void EnsureGroupVersionKind(string definition, GroupVersionKind gvk)
    {
        var schema = _schemas[definition];
        if (schema[GroupVersionKindExtension] is not JsonArray kinds)
        {
            schema[GroupVersionKindExtension] = kinds = [];
        }
        if (!kinds.Any(k => JsonNode.DeepEquals(k, gvk.ToJson())))
        {
            kinds.Add(gvk.ToJson());
        }
    }

    public static JsonObject Ref(string definition) => new() { ["$ref"] = RefPrefix + definition };

    // Upstream difference: upstream schemas also carry "default" values and "enum" lists (imagePullPolicy: Always,
    // IfNotPresent, Never); the C# models tell us neither, and kubectl does not need them. (The fact table knows the
    // few defaults apply needs for list keys, FieldFact.Default, but we leave them out of the documents.)
    private JsonObject BuildObjectSchema(Type modelType, string name)
    {
        var schema = new JsonObject();
        if (_docs.TypeSummary(modelType) is { } description)
        {
            schema["description"] = description;
        }
        schema["type"] = "object";

        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (property, jsonName) in ModelReflection.JsonProperties(modelType))
        {
            var fact = UpstreamFieldFacts.For(name, jsonName);
            properties[jsonName] = FieldSchema(property, jsonName, fact);
            if (fact?.Required == true)
            {
                required.Add(jsonName);
            }
        }
        if (required.Count > 0)
        {
            schema["required"] = required;
        }
        if (properties.Count > 0)
        {
            schema["properties"] = properties;
        }

        if (modelType.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind: { Length: > 0 } kind } entity)
        {
            schema[GroupVersionKindExtension] = new JsonArray(new GroupVersionKind(entity.Group ?? "", entity.ApiVersion, kind).ToJson());
        }
        if (UpstreamFieldFacts.IsAtomicStruct(name))
        {
            schema["x-kubernetes-map-type"] = "atomic";
        }
        return schema;
    }

    /// <summary>The schema of one property, with its description and its list/map extensions.</summary>
    private JsonObject FieldSchema(PropertyInfo property, string jsonName, FieldFact? fact)
    {
        // fieldsV1 is the only object-typed field that is not an embedded raw object.
        var rawObject = property.DeclaringType == typeof(V1ManagedFieldsEntry) && jsonName == "fieldsV1"
            ? DefinitionNames.FieldsV1
            : DefinitionNames.RawExtension;
        var schema = TypeSchema(property.PropertyType, fact, rawObject);
        var description = _docs.PropertySummary(property);
        var hasExtensions = fact is { ListType: not null } or { PatchStrategy: not null } or { PatchMergeKey: not null } or { MapType: not null };

        // OpenAPI 3.0 ignores anything written next to a "$ref", so a reference that needs a description (or an
        // extension) is wrapped in a one-element allOf, exactly as upstream does. kubectl explain and apply follow both forms.
        if (schema.ContainsKey("$ref") && (description is not null || hasExtensions))
        {
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        }
        if (description is not null)
        {
            schema["description"] = description;
        }
        if (fact is not null)
        {
            AddListAndMapExtensions(schema, fact);
        }
        return schema;
    }

    private static void AddListAndMapExtensions(JsonObject schema, FieldFact fact)
    {
        if (fact.ListType is { } listType)
        {
            schema["x-kubernetes-list-type"] = listType;
        }
        if (fact.ListMapKeys is { Count: > 0 } keys)
        {
            schema["x-kubernetes-list-map-keys"] = new JsonArray([.. keys.Select(k => JsonValue.Create(k))]);
        }
        if (fact.MapType is { } mapType)
        {
            schema["x-kubernetes-map-type"] = mapType;
        }
        if (fact.PatchMergeKey is { } mergeKey)
        {
            schema["x-kubernetes-patch-merge-key"] = mergeKey;
        }
        if (fact.PatchStrategy is { } strategy)
        {
            schema["x-kubernetes-patch-strategy"] = strategy;
        }
    }

    /// <summary>The JSON schema of a C# type as KubernetesClient serialises it.</summary>
    private JsonObject TypeSchema(Type type, FieldFact? fact, string rawObject)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return Scalar("string");
        }
        if (type == typeof(bool))
        {
            return Scalar("boolean");
        }
        if (type == typeof(int))
        {
            return Scalar("integer", "int32");
        }
        if (type == typeof(long))
        {
            return Scalar("integer", "int64");
        }
        if (type == typeof(double))
        {
            return Scalar("number", "double");
        }
        if (type == typeof(float))
        {
            return Scalar("number", "float");
        }
        if (type == typeof(byte[]))
        {
            return Scalar("string", "byte"); // base64, as Secret.data
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return Ref(AddWellKnown(fact?.MicroTime == true ? DefinitionNames.MicroTime : DefinitionNames.Time));
        }
        if (type == typeof(ResourceQuantity))
        {
            return Ref(AddWellKnown(DefinitionNames.Quantity));
        }
        if (type == typeof(IntOrString))
        {
            return Ref(AddWellKnown(DefinitionNames.IntOrString));
        }
        if (type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonNode))
        {
            return Ref(AddWellKnown(rawObject));
        }
        if (ModelReflection.ListItemType(type) is { } itemType)
        {
            return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(itemType, fact, rawObject) };
        }
        if (ModelReflection.MapValueType(type) is { } valueType)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = TypeSchema(valueType, fact, rawObject) };
        }
        if (ModelReflection.IsModelClass(type))
        {
            return Ref(Add(type));
        }
        throw new NotSupportedException($"No OpenAPI mapping for the C# type {type.FullName}. Add one to {nameof(ComponentSchemas)}.{nameof(TypeSchema)}.");
    }

    private static JsonObject Scalar(string type, string? format = null)
    {
        var schema = new JsonObject { ["type"] = type };
        if (format is not null)
        {
            schema["format"] = format;
        }
        return schema;
    }

    /// <summary>Adds one of the apimachinery types that have no KubernetesClient model class of their own.</summary>
    private string AddWellKnown(string name)
    {
        if (!_schemas.ContainsKey(name))
        {
            _schemas[name] = WellKnownSchema(name);
        }
        return name;
    }

    private static JsonObject WellKnownSchema(string name) => name switch
    {
        // Quantity and IntOrString accept two JSON types. OpenAPI v3 says so with oneOf (kubectl explain then shows
        // "<Quantity>"); the v2 document calls both a string, as upstream's does (see OpenApiV2Writer.ToV2Schema).
        DefinitionNames.Quantity => Described(
            "Quantity is a fixed-point number with an optional SI or binary suffix: \"100m\" is a tenth of a CPU, \"128Mi\" is 128 mebibytes. It is written as a string, or as a plain JSON number.",
            oneOf: ["string", "number"]),
        DefinitionNames.IntOrString => Described(
            "IntOrString holds either an integer or a string, such as a port number (8080) or a port name (\"http\").",
            format: "int-or-string", oneOf: ["integer", "string"]),
        DefinitionNames.Time => Described(
            "Time is a timestamp in RFC 3339 format, with a precision of seconds (\"2024-05-01T12:00:00Z\").",
            type: "string", format: "date-time"),
        DefinitionNames.MicroTime => Described(
            "MicroTime is a timestamp in RFC 3339 format with microsecond precision.",
            type: "string", format: "date-time"),
        DefinitionNames.RawExtension => Described(
            "RawExtension holds a complete embedded object, such as the object of a watch event or the data of a ControllerRevision.",
            type: "object"),
        DefinitionNames.FieldsV1 => Described(
            "FieldsV1 is the set of fields a manager owns, as a JSON trie of field paths (\"f:spec\", \"k:{...}\" for list items).",
            type: "object"),
        DefinitionNames.Patch => Described(
            "Patch is the body of a PATCH request; its Content-Type decides whether it is a JSON patch, a merge patch, a strategic merge patch or an apply configuration.",
            type: "object"),
        _ => throw new ArgumentException($"{name} is not a well-known definition.", nameof(name)),
    };

    private static JsonObject Described(string description, string? type = null, string? format = null, string[]? oneOf = null)
    {
        var schema = new JsonObject { ["description"] = description };
        if (type is not null)
        {
            schema["type"] = type;
        }
        if (format is not null)
        {
            schema["format"] = format;
        }
        if (oneOf is not null)
        {
            schema["oneOf"] = new JsonArray([.. oneOf.Select(t => new JsonObject { ["type"] = t })]);
        }
        return schema;
    }
}
