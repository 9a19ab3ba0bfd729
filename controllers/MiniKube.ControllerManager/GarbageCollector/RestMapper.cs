using MiniKube.ApiMachinery.Client;

namespace MiniKube.ControllerManager.GarbageCollector;

/// <summary>
/// Maps an ownerReference's apiVersion and kind to the resource to GET or DELETE (upstream: a RESTMapper built
/// from discovery), e.g. apps/v1 ReplicaSet → /apis/apps/v1/namespaces/{ns}/replicasets.
/// </summary>
public sealed class RestMapper(IEnumerable<ApiResource> resources)
{
    private readonly Dictionary<(string ApiVersion, string Kind), ApiResource> _byKind =
        resources.GroupBy(r => (r.GroupVersion, r.Kind)).ToDictionary(g => g.Key, g => g.First());

    public bool Has(string group, string plural) => _byKind.Values.Any(r => r.Group == group && r.Plural == plural);

    public ApiResource Map(string apiVersion, string kind) =>
        _byKind.TryGetValue((apiVersion, kind), out var resource)
            ? resource
            : throw new InvalidOperationException($"no resource is served for apiVersion {apiVersion}, kind {kind}");
}
