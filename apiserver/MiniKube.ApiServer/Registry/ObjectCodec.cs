using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MiniKube.ApiServer.Storage;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// Turns stored JSON into typed objects (k8s.Models) and back, through KubernetesJson like every MiniKube
/// component. Storage holds each object without its resourceVersion: the revision of the key *is* the
/// resourceVersion, so it is filled in on the way out, exactly as upstream's etcd3 store does.
/// </summary>
public static partial class ObjectCodec
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
            return Encoding.UTF8.GetBytes(Serialize(obj));
        }
        finally
        {
            obj.Metadata.ResourceVersion = resourceVersion;
        }
    }

    // KubernetesJson cannot write V1Status (its converter only reads), so Status goes through plain System.Text.Json;
    // the model's [JsonPropertyName] attributes still give the upstream field names.
    private static readonly JsonSerializerOptions StatusOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// An API object as the JSON every MiniKube answer and stored value uses. Fixes what KubernetesJson writes
    /// differently from upstream: Status objects, and MicroTime fields, which upstream always writes with six
    /// fractional digits ("2026-01-02T03:04:05.000000Z") and which kubectl refuses to decode otherwise.
    /// </summary>
    public static string Serialize(object obj)
    {
        if (obj is V1Status status) return JsonSerializer.Serialize(status, StatusOptions);
        var json = KubernetesJson.Serialize(obj);
        return obj switch
        {
            Corev1Event or Corev1EventList or V1Lease or V1LeaseList => MicroTimes().Replace(json, FormatMicroTime),
            _ => json,
        };
    }

    // The MicroTime fields of the kinds we serve: Event.eventTime, Event.series.lastObservedTime,
    // Lease.spec.acquireTime and Lease.spec.renewTime.
    [GeneratedRegex("\"(eventTime|lastObservedTime|acquireTime|renewTime)\":\"([0-9T:\\-]+)(\\.[0-9]+)?Z\"")]
    private static partial Regex MicroTimes();

    private static string FormatMicroTime(Match m)
    {
        var fraction = m.Groups[3].Success ? m.Groups[3].Value[1..] : "";
        return $"\"{m.Groups[1].Value}\":\"{m.Groups[2].Value}.{fraction.PadRight(6, '0')[..6]}Z\"";
    }

    /// <summary>
    /// Writes a stored value as a list item without decoding it: list items carry no apiVersion and kind, and the
    /// stored JSON lacks resourceVersion, so the known prefix <c>{"apiVersion":…,"kind":…,"metadata":{</c> becomes
    /// <c>{"metadata":{"resourceVersion":"…",</c>. Anything not shaped like that is decoded and re-encoded instead.
    /// Skipping the decode makes a LIST of 10,000 pods several times faster.
    /// </summary>
    public static void WriteListItem(Utf8JsonWriter writer, ResourceDefinition resource, StoredValue stored)
    {
        var prefix = Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"{resource.GroupVersion}\",\"kind\":\"{resource.Kind}\",\"metadata\":{{");
        var value = stored.Value;
        if (!value.AsSpan().StartsWith(prefix) || value.Length <= prefix.Length)
        {
            var obj = Decode(resource, value, stored.ModRevision);
            obj.ApiVersion = null;
            obj.Kind = null;
            writer.WriteRawValue(Serialize(obj), skipInputValidation: true);
            return;
        }
        var revision = stored.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var head = Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"resourceVersion\":\"{revision}\"" + (value[prefix.Length] == (byte)'}' ? "" : ","));
        var item = new byte[head.Length + value.Length - prefix.Length];
        head.CopyTo(item, 0);
        value.AsSpan(prefix.Length).CopyTo(item.AsSpan(head.Length));
        writer.WriteRawValue(item, skipInputValidation: true);
    }

    /// <summary>A deep copy: "never modify objects you did not create" — the stored one may be shared.</summary>
    public static IKubernetesObject<V1ObjectMeta> Clone(IKubernetesObject<V1ObjectMeta> obj) =>
        Deserialize(Serialize(obj), obj.GetType());
}
