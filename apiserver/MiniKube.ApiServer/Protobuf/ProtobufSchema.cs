using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// The schema table of the Kubernetes protobuf messages we can read: for each message, its field numbers, JSON names
/// and kinds, copied as facts from the upstream <c>generated.proto</c> files and Go json tags (Kubernetes 1.33).
/// One file per API group (<c>ProtobufSchema.CoreV1.cs</c>, <c>ProtobufSchema.AppsV1.cs</c>, ...) lists its messages.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
/// <remarks>
/// Upstream difference: the real API server compiles generated Go code for every message of every group. We describe
/// only the kinds kubectl sends as protobuf (its <c>create</c> generators, <c>run</c>, <c>debug</c>, <c>auth can-i</c>,
/// <c>auth whoami</c>, <c>create token</c>, <c>certificate approve|deny</c>) and everything they contain, minus the
/// in-tree cloud volume plugins, DRA resource claims, ephemeral containers and kubelet-written container statuses.
/// Fields left out are skipped when decoding; any other kind must be sent as JSON.
/// </remarks>
internal static partial class ProtobufSchema
{
    // Protobuf package prefixes: a message's full name is its package followed by the Go type name.
    private const string MetaV1 = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private const string CoreV1 = "k8s.io.api.core.v1.";
    private const string AppsV1 = "k8s.io.api.apps.v1.";
    private const string BatchV1 = "k8s.io.api.batch.v1.";
    private const string RbacV1 = "k8s.io.api.rbac.v1.";
    private const string SchedulingV1 = "k8s.io.api.scheduling.v1.";
    private const string PolicyV1 = "k8s.io.api.policy.v1.";
    private const string NetworkingV1 = "k8s.io.api.networking.v1.";
    private const string AuthorizationV1 = "k8s.io.api.authorization.v1.";
    private const string AuthenticationV1 = "k8s.io.api.authentication.v1.";
    private const string CertificatesV1 = "k8s.io.api.certificates.v1.";

    /// <summary>The top-level kinds we accept as protobuf: (apiVersion, kind) → the message that encodes the object.</summary>
    private static (string ApiVersion, string Kind, string Message)[] TopLevelKinds() =>
    [
        ("v1", "Namespace", CoreV1 + "Namespace"),
        ("v1", "ConfigMap", CoreV1 + "ConfigMap"),
        ("v1", "Secret", CoreV1 + "Secret"),
        ("v1", "Service", CoreV1 + "Service"),
        ("v1", "ServiceAccount", CoreV1 + "ServiceAccount"),
        ("v1", "Pod", CoreV1 + "Pod"),
        ("v1", "ResourceQuota", CoreV1 + "ResourceQuota"),
        ("apps/v1", "Deployment", AppsV1 + "Deployment"),
        ("batch/v1", "Job", BatchV1 + "Job"),
        ("batch/v1", "CronJob", BatchV1 + "CronJob"),
        ("rbac.authorization.k8s.io/v1", "Role", RbacV1 + "Role"),
        ("rbac.authorization.k8s.io/v1", "ClusterRole", RbacV1 + "ClusterRole"),
        ("rbac.authorization.k8s.io/v1", "RoleBinding", RbacV1 + "RoleBinding"),
        ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", RbacV1 + "ClusterRoleBinding"),
        ("scheduling.k8s.io/v1", "PriorityClass", SchedulingV1 + "PriorityClass"),
        ("policy/v1", "PodDisruptionBudget", PolicyV1 + "PodDisruptionBudget"),
        ("networking.k8s.io/v1", "Ingress", NetworkingV1 + "Ingress"),
        ("authorization.k8s.io/v1", "SelfSubjectAccessReview", AuthorizationV1 + "SelfSubjectAccessReview"),
        ("authentication.k8s.io/v1", "TokenRequest", AuthenticationV1 + "TokenRequest"),
        ("authentication.k8s.io/v1", "SelfSubjectReview", AuthenticationV1 + "SelfSubjectReview"),
        ("certificates.k8s.io/v1", "CertificateSigningRequest", CertificatesV1 + "CertificateSigningRequest"),
    ];

    private static readonly Dictionary<string, ProtobufMessage> MessagesByName =
        new[]
        {
            MetaV1Messages(), CoreV1Messages(), AppsV1Messages(), BatchV1Messages(), RbacV1Messages(),
            SchedulingV1Messages(), PolicyV1Messages(), NetworkingV1Messages(), AuthorizationV1Messages(),
            AuthenticationV1Messages(), CertificatesV1Messages(),
        }
        .SelectMany(messages => messages)
        .ToDictionary(message => message.Name);

    private static readonly Dictionary<(string ApiVersion, string Kind), ProtobufMessage> MessagesByKind =
        TopLevelKinds().ToDictionary(entry => (entry.ApiVersion, entry.Kind), entry => GetMessage(entry.Message));

    /// <summary>Every message in the table (for tests that check the table itself).</summary>
    public static IEnumerable<ProtobufMessage> AllMessages => MessagesByName.Values;

    /// <summary>Every (apiVersion, kind) we accept as protobuf.</summary>
    public static IEnumerable<(string ApiVersion, string Kind)> SupportedKinds => MessagesByKind.Keys;

    /// <summary>The message for a top-level kind, or null when that kind must be sent as JSON.</summary>
    public static ProtobufMessage? FindMessageForKind(string apiVersion, string kind) =>
        MessagesByKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>A message by its full name; a missing one is a mistake in the table, not in the request.</summary>
    public static ProtobufMessage GetMessage(string name) =>
        MessagesByName.TryGetValue(name, out var message)
            ? message
            : throw new InvalidOperationException($"protobuf schema table has no message {name}");

    // The helpers below keep each table row short: Int32(1, "replicas", KeepZero) reads as
    // "field 1, JSON name replicas, an int32, written even when it is 0".

    private static ProtobufMessage Define(string name, params ProtobufField[] fields) => new(name, fields);

    private static ProtobufField String(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.String, Presence: presence);

    private static ProtobufField Strings(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.String, Repeated: true, Presence: presence);

    private static ProtobufField Bytes(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Bytes, Presence: presence);

    private static ProtobufField Int32(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Int32, Presence: presence);

    private static ProtobufField Int32s(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Int32, Repeated: true, Presence: presence);

    private static ProtobufField Int64(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Int64, Presence: presence);

    private static ProtobufField Int64s(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Int64, Repeated: true, Presence: presence);

    private static ProtobufField Bool(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Bool, Presence: presence);

    private static ProtobufField Message(int number, string jsonName, string messageType, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Message, messageType, Presence: presence);

    private static ProtobufField Messages(int number, string jsonName, string messageType, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Message, messageType, Repeated: true, Presence: presence);

    /// <summary>A Go struct embedded with <c>json:",inline"</c>: nested in protobuf, flattened in JSON.</summary>
    private static ProtobufField Inline(int number, string messageType) =>
        new(number, "", FieldKind.Inline, messageType);

    private static ProtobufField StringMap(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Map, MapValueKind: FieldKind.String, Presence: presence);

    private static ProtobufField BytesMap(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Map, MapValueKind: FieldKind.Bytes, Presence: presence);

    /// <summary>A ResourceList such as <c>requests: {cpu: "100m", memory: "64Mi"}</c>.</summary>
    private static ProtobufField QuantityMap(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Map, MapValueKind: FieldKind.Quantity, Presence: presence);

    /// <summary>A <c>map[string]ExtraValue</c> (user "extra" attributes): each value is a list of strings.</summary>
    private static ProtobufField StringListMap(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Map, MapValueKind: FieldKind.StringList, Presence: presence);

    private static ProtobufField Quantity(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Quantity, Presence: presence);

    private static ProtobufField IntOrString(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.IntOrString, Presence: presence);

    private static ProtobufField Time(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.Time, Presence: presence);

    private static ProtobufField RawJson(int number, string jsonName, JsonPresence presence = OmitEmpty) =>
        new(number, jsonName, FieldKind.RawJson, Presence: presence);
}
