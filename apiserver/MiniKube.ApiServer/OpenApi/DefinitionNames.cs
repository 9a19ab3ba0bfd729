using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace MiniKube.ApiServer.OpenApi;

/// <summary>
/// Names the OpenAPI definition of a KubernetesClient model type the way a real kube-apiserver does: V1Container is
/// "io.k8s.api.core.v1.Container", V1ObjectMeta is "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta". kubectl only
/// needs the names to be consistent, but upstream names let a student compare our documents with a real cluster's.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-interface-definition
/// </summary>
internal sealed partial class DefinitionNames
{
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string Time = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTime = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string RawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    public const string FieldsV1 = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1";
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    private const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta";
    private const string CorePackage = "io.k8s.api.core";

    /// <summary>
    /// The k8s.io/apimachinery meta/v1 types KubernetesClient generates. They look like any other V1 type (some even
    /// carry [KubernetesEntity(Group = "")]), so we recognise them by name.
    /// </summary>
    private static readonly HashSet<string> MetaV1Types =
    [
        "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition", "DeleteOptions",
        "FieldSelectorRequirement", "GroupResource", "GroupVersionForDiscovery", "GroupVersionKind", "LabelSelector",
        "LabelSelectorRequirement", "ListMeta", "ManagedFieldsEntry", "ObjectMeta", "OwnerReference", "Preconditions",
        "ServerAddressByClientCIDR", "ShardInfo", "Status", "StatusCause", "StatusDetails", "WatchEvent",
    ];

    /// <summary>
    /// Core types that no core kind uses, so the walk below would file them under the group that does (storage's
    /// StorageClass.allowedTopologies).
    /// </summary>
    private static readonly HashSet<string> CoreV1TypesUsedOnlyByOtherGroups = ["TopologySelectorTerm", "TopologySelectorLabelRequirement"];

    private static readonly Lazy<DefinitionNames> s_forKubernetesClient = new(() => new DefinitionNames(
        typeof(V1Pod).Assembly.GetExportedTypes().Where(t => t.GetCustomAttribute<KubernetesEntityAttribute>() is not null)));

    /// <summary>Upstream package ("io.k8s.api.apps") of each nested model type, learnt by walking from the kinds.</summary>
    private readonly Dictionary<Type, string> _packageOf = [];

    /// <summary>
    /// Learns the package of every nested type from the kinds that use it. The class name does not say it:
    /// V1RollingUpdateDeployment belongs to apps and V1JobSpec to batch, but both are just "V1…". We walk the core
    /// kinds first, so everything a Pod uses (V1PodTemplateSpec, V1Container, …) is core even when a Deployment
    /// reaches it too. A Go package holds one version, so a kind of the same version as the type wins over others;
    /// after that, the first group in alphabetical order.
    /// </summary>
    internal DefinitionNames(IEnumerable<Type> kinds)
    {
        var ordered = kinds
            .Select(t => (Type: t, Group: t.GetCustomAttribute<KubernetesEntityAttribute>()!.Group ?? ""))
            .OrderBy(k => k.Group.Length == 0 ? 0 : 1)
            .ThenBy(k => k.Group, StringComparer.Ordinal)
            .ThenBy(k => k.Type.Name, StringComparer.Ordinal)
            .ToList();

        // A kind's own attribute is the authority for the kind itself, whoever else reaches it.
        foreach (var (type, group) in ordered)
        {
            _packageOf[type] = PackageOfGroup(group);
        }
        foreach (var sameVersionOnly in new[] { true, false })
        {
            foreach (var (type, group) in ordered)
            {
                AssignReachableTypes(type, PackageOfGroup(group), sameVersionOnly ? VersionOf(type) : null);
            }
        }
    }

    /// <summary>The names for KubernetesClient's own model types (built once: it walks every kind in the assembly).</summary>
    public static DefinitionNames ForKubernetesClient => s_forKubernetesClient.Value;

    /// <summary>"io.k8s.api.apps.v1.Deployment" for typeof(V1Deployment).</summary>
    public string NameOf(Type modelType) => TryNameOf(modelType, out var name)
        ? name
        : throw new ArgumentException($"{modelType.FullName} is not a KubernetesClient model type (names look like V1Pod or V1beta1CSIStorageCapacity).", nameof(modelType));

    /// <summary>Like <see cref="NameOf"/>, but false for a class that is no API model (the metrics types).</summary>
    public bool TryNameOf(Type modelType, [NotNullWhen(true)] out string? definition)
    {
        // KubernetesClient prefixes the package when two groups define the same name: Corev1Event, Eventsv1Event.
        if (PrefixedModelName().Match(modelType.Name) is { Success: true } prefixed)
        {
            definition = $"{PackageOfShortName(prefixed.Groups["package"].Value.ToLowerInvariant())}.{prefixed.Groups["version"].Value}.{prefixed.Groups["name"].Value}";
            return true;
        }
        if (VersionedModelName().Match(modelType.Name) is not { Success: true } versioned)
        {
            definition = null;
            return false;
        }
        var version = "v" + versioned.Groups["version"].Value;
        var name = versioned.Groups["name"].Value;
        if (version == "v1" && MetaV1Types.Contains(name))
        {
            definition = $"{MetaPackage}.{version}.{name}";
        }
        else if (version == "v1" && CoreV1TypesUsedOnlyByOtherGroups.Contains(name))
        {
            definition = $"{CorePackage}.{version}.{name}";
        }
        else
        {
            // Upstream difference: a type that no kind reaches has no known group; we file it under core.
            definition = $"{_packageOf.GetValueOrDefault(modelType, CorePackage)}.{version}.{name}";
        }
        return true;
    }

    /// <summary>Walks the types a kind uses; with <paramref name="onlyVersion"/>, assigns only types of that API version.</summary>
    private void AssignReachableTypes(Type root, string package, string? onlyVersion)
    {
        var pending = new Stack<Type>([root]);
        var seen = new HashSet<Type>();
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }
            foreach (var referenced in ModelReflection.ModelClassesUsedBy(type))
            {
                if (onlyVersion is null || VersionOf(referenced) == onlyVersion)
                {
                    _packageOf.TryAdd(referenced, package);
                }
                pending.Push(referenced);
            }
        }
    }

    /// <summary>"v1beta1" for V1beta1CSIStorageCapacity (and for Storagev1beta1… prefixed names); null if neither form.</summary>
    private static string? VersionOf(Type modelType) =>
        PrefixedModelName().Match(modelType.Name) is { Success: true } prefixed ? prefixed.Groups["version"].Value
        : VersionedModelName().Match(modelType.Name) is { Success: true } versioned ? "v" + versioned.Groups["version"].Value
        : null;

    /// <summary>The Go package path (dotted, as in definition names) where an API group's types live.</summary>
    private static string PackageOfGroup(string group) => group.Length == 0 ? CorePackage : PackageOfShortName(group.Split('.')[0]);

    private static string PackageOfShortName(string shortName) => shortName switch
    {
        "core" => CorePackage,
        // These two groups are served by extension API servers, so their types live outside k8s.io/api.
        "apiextensions" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "apiregistration" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        "internal" => "io.k8s.api.apiserverinternal", // internal.apiserver.k8s.io
        _ => "io.k8s.api." + shortName,
    };

    [GeneratedRegex(@"^(?<package>[A-Z][a-z]+)(?<version>v\d+(?:alpha\d+|beta\d+)?)(?<name>[A-Z]\w*)$")]
    private static partial Regex PrefixedModelName();

    [GeneratedRegex(@"^V(?<version>\d+(?:alpha\d+|beta\d+)?)(?<name>[A-Z]\w*)$")]
    private static partial Regex VersionedModelName();
}
