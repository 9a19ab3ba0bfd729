using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using k8s;
using k8s.Models;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// Turns stored JSON into typed objects (k8s.Models) and back, through KubernetesJson like every MiniKube
/// component. Storage holds each object without its resourceVersion: the revision of the key *is* the
/// resourceVersion, so it is filled in on the way out, exactly as upstream's etcd3 store does.
/// </summary>
public static class ObjectCodec
{
    private static readonly ConcurrentDictionary<Type, Func<string, object>> Deserializers = new();
    private static readonly MethodInfo DeserializeString = typeof(KubernetesJson).GetMethods()
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(string));

    /// <summary>Parses JSON into <paramref name="modelType"/>. Throws System.Text.Json.JsonException for malformed input.</summary>
    public static IKubernetesObject<V1ObjectMeta> Deserialize(string json, Type modelType)
    {
        var deserialize = Deserializers.GetOrAdd(modelType, t =>
        {
            var method = DeserializeString.MakeGenericMethod(t);
            return s => method.Invoke(null, [s, null])!;
        });
        try
        {
            return (IKubernetesObject<V1ObjectMeta>)deserialize(json);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>Reads a stored value and stamps it with its revision as resourceVersion.</summary>
    public static IKubernetesObject<V1ObjectMeta> Decode(ResourceDefinition resource, byte[] value, long revision)
    {
        var obj = Deserialize(Encoding.UTF8.GetString(value), resource.ModelType);
        obj.ApiVersion = resource.GroupVersion;
        obj.Kind = resource.Kind;
        obj.Metadata ??= new V1ObjectMeta();
        obj.Metadata.ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return obj;
    }

    /// <summary>The bytes to store: the object's JSON with apiVersion and kind, and without resourceVersion.</summary>
    public static byte[] Encode(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj)
    {
        var resourceVersion = obj.Metadata.ResourceVersion;
        obj.Metadata.ResourceVersion = null;
        obj.ApiVersion = resource.GroupVersion;
        obj.Kind = resource.Kind;
        try
        {
            return Encoding.UTF8.GetBytes(KubernetesJson.Serialize(obj));
        }
        finally
        {
            obj.Metadata.ResourceVersion = resourceVersion;
        }
    }

    /// <summary>A deep copy: "never modify objects you did not create" — the stored one may be shared.</summary>
    public static IKubernetesObject<V1ObjectMeta> Clone(IKubernetesObject<V1ObjectMeta> obj) =>
        Deserialize(KubernetesJson.Serialize(obj), obj.GetType());
}
