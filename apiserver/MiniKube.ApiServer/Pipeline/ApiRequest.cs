using k8s;
using k8s.Models;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Pipeline;

/// <summary>What admission plugins are told a write does (upstream's admission operations).</summary>
public enum AdmissionOperation { Create, Update, Delete, Connect }

/// <summary>
/// One request travelling down the chain: what it asks for (<see cref="Info"/>), who asks (<see cref="User"/>,
/// set by authentication) and, for writes, the object to be stored and the one it replaces. Admission plugins may
/// change <see cref="Object"/>; validation reads it; the storage step writes it.
/// </summary>
public sealed class ApiRequest
{
    public required RequestInfo Info { get; init; }
    public ResourceDefinition? Resource { get; init; }
    public UserInfo User { get; set; } = UserInfo.Anonymous;
    /// <summary>Null for reads (get, list, watch): reads skip admission, as upstream.</summary>
    public AdmissionOperation? Operation { get; init; }
    public IKubernetesObject<V1ObjectMeta>? Object { get; set; }
    public IKubernetesObject<V1ObjectMeta>? OldObject { get; init; }
    public bool DryRun { get; init; }
}
