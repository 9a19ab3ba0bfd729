using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// How we read the shape of a KubernetesClient model type (V1Pod, V1Container, …) by reflection: its JSON fields are
/// the properties carrying [JsonPropertyName], and its collections are IList&lt;T&gt; (JSON arrays) and
/// IDictionary&lt;string, T&gt; (JSON objects with free keys, such as labels).
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/
/// </summary>
internal static class ModelReflection
{
    // Reflection is slow next to a dictionary lookup, and naming walks the same few hundred types many times.
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string JsonName)[]> s_jsonProperties = new();
    private static readonly ConcurrentDictionary<Type, Type[]> s_referencedModelClasses = new();

    /// <summary>The JSON fields of a model type, sorted by JSON name as upstream's documents are.</summary>
    public static IReadOnlyList<(PropertyInfo Property, string JsonName)> JsonProperties(Type modelType) =>
        s_jsonProperties.GetOrAdd(modelType, static type => [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, JsonName: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.JsonName is not null)
            .Select(p => (p.Property, p.JsonName!))
            .OrderBy(p => p.Item2, StringComparer.Ordinal)]);

    /// <summary>The model classes the properties of a model type lead to (each once).</summary>
    public static IReadOnlyList<Type> ModelClassesUsedBy(Type modelType) =>
        s_referencedModelClasses.GetOrAdd(modelType, static type =>
            [.. JsonProperties(type).SelectMany(p => ReferencedModelClasses(p.Property.PropertyType)).Distinct()]);

    /// <summary>
    /// True for a generated model class such as V1PodSpec. IntOrString and ResourceQuantity also live in k8s.Models, but
    /// they travel as plain JSON strings or numbers, so they are scalars here.
    /// </summary>
    public static bool IsModelClass(Type type) =>
        type.IsClass
        && type.Namespace == typeof(V1Pod).Namespace
        && type != typeof(IntOrString)
        && type != typeof(ResourceQuantity)
        && JsonProperties(type).Count > 0;

    /// <summary>T for IList&lt;T&gt; (and the other list interfaces KubernetesClient could use); null otherwise.</summary>
    public static Type? ListItemType(Type type)
    {
        if (type == typeof(byte[]) || type == typeof(string))
        {
            return null; // byte[] is base64 text in JSON, not an array of numbers
        }
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        return type.IsGenericType && type.GetGenericTypeDefinition() is var open
            && (open == typeof(IList<>) || open == typeof(List<>) || open == typeof(IEnumerable<>)
                || open == typeof(ICollection<>) || open == typeof(IReadOnlyList<>))
            ? type.GetGenericArguments()[0]
            : null;
    }

    /// <summary>T for IDictionary&lt;string, T&gt;; null otherwise.</summary>
    public static Type? MapValueType(Type type) =>
        type.IsGenericType
        && type.GetGenericTypeDefinition() is var open
        && (open == typeof(IDictionary<,>) || open == typeof(Dictionary<,>) || open == typeof(IReadOnlyDictionary<,>))
        && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    /// <summary>The model classes a property type leads to: itself, or the items of a list or the values of a map.</summary>
    public static IEnumerable<Type> ReferencedModelClasses(Type propertyType)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        if ((ListItemType(type) ?? MapValueType(type)) is { } inner)
        {
            return ReferencedModelClasses(inner);
        }
        return IsModelClass(type) ? [type] : [];
    }
}
