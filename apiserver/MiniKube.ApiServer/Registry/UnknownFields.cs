using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// Finds fields in a request body that the resource's schema does not have ("spec.replica" for "spec.replicas").
/// With <c>fieldValidation=Strict</c> (what kubectl sends) they are an error; with Warn (the server default) a
/// warning header; with Ignore they are silently dropped, as before Kubernetes 1.25.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
/// </summary>
public static class UnknownFields
{
    public static List<string> Find(JsonObject json, Type modelType)
    {
        var found = new List<string>();
        Walk(json, modelType, "", found);
        return found;
    }

    private static void Walk(JsonNode? node, Type type, string path, List<string> found)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null || type == typeof(string) || type.IsPrimitive || type == typeof(object) || type == typeof(IntOrString)
            || type == typeof(ResourceQuantity) || type == typeof(DateTime) || type == typeof(byte[]) || type.Name.Contains("JsonElement", StringComparison.Ordinal))
        {
            return;
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            if (node is JsonObject map) foreach (var (key, value) in map) Walk(value, valueType, $"{path}[{key}]", found);
            return;
        }
        if (ListElementType(type) is { } elementType)
        {
            if (node is JsonArray array) for (var i = 0; i < array.Count; i++) Walk(array[i], elementType, $"{path}[{i}]", found);
            return;
        }
        if (node is not JsonObject obj) return;
        var properties = Properties(type);
        foreach (var (name, value) in obj)
        {
            var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
            if (properties.TryGetValue(name, out var property)) Walk(value, property.PropertyType, fieldPath, found);
            else found.Add(fieldPath);
        }
    }

    private static readonly Dictionary<Type, Dictionary<string, PropertyInfo>> Cache = [];

    private static Dictionary<string, PropertyInfo> Properties(Type type)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(type, out var known)) return known;
            var map = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Property: p))
                .Where(p => p.Name is not null)
                .GroupBy(p => p.Name!).ToDictionary(g => g.Key, g => g.First().Property);
            Cache[type] = map;
            return map;
        }
    }

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments()[1];

    private static Type? ListElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)
            ? null
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
