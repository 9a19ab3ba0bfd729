using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using MiniKube.ApiServer.OpenApi;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// What the API type says about one place in an object, found by walking the KubernetesClient model classes
/// (<c>V1Deployment</c> → <c>V1DeploymentSpec</c> → ...) alongside the JSON. The real apiserver gets the same facts from
/// the Go structs (strategic merge patch) and from the OpenAPI schema (server-side apply); this class is our stand-in
/// for both. JSON member names come from each property's <c>[JsonPropertyName]</c>; how lists merge and which structs
/// are atomic come from <see cref="UpstreamFieldFacts"/>, the facts our OpenAPI documents publish, looked up by each
/// model class's upstream name (V1Container is "io.k8s.api.core.v1.Container", see <see cref="DefinitionNames"/>).
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
/// </summary>
// Upstream difference: the fact table covers the GA (v1/v2) API versions only, so lists in alpha and beta types are
// atomic here; and maps marked +mapType=atomic (a Service's selector) are still tracked key by key.
internal sealed class SchemaNode
{
    /// <summary>A place the type does not describe: maps merge key by key, lists are atomic.</summary>
    public static readonly SchemaNode Unknown = new(ValueShape.Unknown, clrType: null, elementType: null, ListStrategy.Atomic, isAtomic: false);

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> PropertiesByType = new();
    private static readonly ConcurrentDictionary<Type, string?> DefinitionByType = new();

    private readonly Type? _elementType;

    private SchemaNode(ValueShape shape, Type? clrType, Type? elementType, ListStrategy list, bool isAtomic)
    {
        Shape = shape;
        ClrType = clrType;
        _elementType = elementType;
        List = list;
        IsAtomic = isAtomic;
    }

    public ValueShape Shape { get; }

    /// <summary>The model class (for structs), or the collection type (for maps and lists).</summary>
    public Type? ClrType { get; }

    /// <summary>How this list merges; <see cref="ListStrategy.Atomic"/> for anything that is not a known list.</summary>
    public ListStrategy List { get; }

    /// <summary>
    /// True for a struct marked <c>+structType=atomic</c> (a label selector, an owner reference) or an atomic list:
    /// apply owns it as one value and patches replace it whole.
    /// </summary>
    public bool IsAtomic { get; }

    /// <summary>True for a struct that apply and update track field by field.</summary>
    public bool IsGranularStruct => Shape == ValueShape.Struct && !IsAtomic;

    /// <summary>True for a JSON object whose members apply tracks one by one (a non-atomic struct, a map, or unknown JSON).</summary>
    public bool IsGranularObject => IsGranularStruct || Shape is ValueShape.Map or ValueShape.Unknown;

    /// <summary>True for a list whose items apply tracks one by one (listType set or map).</summary>
    public bool IsGranularList => Shape == ValueShape.List && List.ListType != ListType.Atomic;

    public static SchemaNode ForRoot(Type modelType) => Describe(modelType, owner: null, field: null);

    /// <summary>The schema of member <paramref name="jsonName"/> of this object.</summary>
    public SchemaNode Field(string jsonName) => Shape switch
    {
        ValueShape.Struct when Properties(ClrType!).TryGetValue(jsonName, out var property) =>
            Describe(property.PropertyType, ClrType, jsonName),
        ValueShape.Map => Describe(_elementType!, owner: null, field: null),
        _ => Unknown,
    };

    /// <summary>
    /// True when <paramref name="jsonName"/> is one of this struct's declared fields; false for a map's free-form keys
    /// (labels) and for members the type does not know.
    /// </summary>
    public bool DeclaresField(string jsonName) => Shape == ValueShape.Struct && Properties(ClrType!).ContainsKey(jsonName);

    /// <summary>The schema of this list's items.</summary>
    public SchemaNode Item() => Shape == ValueShape.List && _elementType is not null
        ? Describe(_elementType, owner: null, field: null)
        : Unknown;

    private static SchemaNode Describe(Type type, Type? owner, string? field)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(object))
        {
            return Unknown; // free-form JSON, e.g. runtime.RawExtension or a CRD's unstructured fields
        }

        if (IsScalar(type))
        {
            return new SchemaNode(ValueShape.Scalar, type, elementType: null, ListStrategy.Atomic, isAtomic: true);
        }

        if (FindGenericInterface(type, typeof(IDictionary<,>)) is { } dictionary && dictionary.GetGenericArguments()[0] == typeof(string))
        {
            return new SchemaNode(ValueShape.Map, type, dictionary.GetGenericArguments()[1], ListStrategy.Atomic, isAtomic: false);
        }

        if (FindGenericInterface(type, typeof(IEnumerable<>)) is { } enumerable)
        {
            var elementType = enumerable.GetGenericArguments()[0];
            // A list's facts are filed under the struct holding it: ("io.k8s.api.core.v1.PodSpec", "containers").
            var fact = owner is not null && field is not null && DefinitionOf(owner) is { } ownerDefinition
                ? UpstreamFieldFacts.For(ownerDefinition, field)
                : null;
            var strategy = ListStrategy.From(fact, DefinitionOf(elementType));
            return new SchemaNode(ValueShape.List, type, elementType, strategy, isAtomic: strategy.ListType == ListType.Atomic);
        }

        if (type.IsClass && type.Namespace == "k8s.Models")
        {
            var isAtomic = DefinitionOf(type) is { } definition && UpstreamFieldFacts.IsAtomicStruct(definition);
            return new SchemaNode(ValueShape.Struct, type, elementType: null, ListStrategy.Atomic, isAtomic);
        }

        return Unknown;
    }

    /// <summary>
    /// Scalars: primitives, strings, timestamps, base64 byte arrays, and model classes with their own JSON converter
    /// (IntOrString, ResourceQuantity), which are written as a single JSON string or number.
    /// </summary>
    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(byte[]) || type.GetCustomAttribute<JsonConverterAttribute>() is not null;

    private static Type? FindGenericInterface(Type type, Type genericInterface)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == genericInterface)
        {
            return type;
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface);
    }

    /// <summary>The upstream definition name of a model class, under which its facts are filed; null for other types.</summary>
    private static string? DefinitionOf(Type type) =>
        DefinitionByType.GetOrAdd(type, static t => DefinitionNames.ForKubernetesClient.TryNameOf(t, out var name) ? name : null);

    private static IReadOnlyDictionary<string, PropertyInfo> Properties(Type type) =>
        PropertiesByType.GetOrAdd(type, static t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Property, StringComparer.Ordinal));
}
