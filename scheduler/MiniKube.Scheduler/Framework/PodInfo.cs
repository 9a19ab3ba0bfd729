using k8s.Models;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// A pod plus what the scheduler computes from it once (upstream framework <c>PodInfo</c>): its requests, host
/// ports and parsed affinity terms. NodeInfo keeps these, so adding up a node's pods never re-parses a quantity or
/// a label selector.
/// </summary>
public sealed class PodInfo
{
    public PodInfo(V1Pod pod)
    {
        Pod = pod;
        Key = MetaNamespaceKey.For(pod);
        Uid = pod.Metadata.Uid ?? Key;
        Request = PodRequests.Compute(pod.Spec);
        NonZeroRequest = PodRequests.Compute(pod.Spec, nonZero: true);
        var affinity = pod.Spec.Affinity;
        RequiredAffinityTerms = [.. (affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(pod, t))];
        RequiredAntiAffinityTerms = [.. (affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(pod, t))];
        PreferredAffinityTerms = [.. (affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(pod, t.PodAffinityTerm, t.Weight))];
        PreferredAntiAffinityTerms = [.. (affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => new AffinityTerm(pod, t.PodAffinityTerm, t.Weight))];
        HostPorts = [.. (pod.Spec.Containers ?? []).SelectMany(c => c.Ports ?? []).Where(p => p.HostPort is > 0)
            .Select(p => new HostPort(p.HostIP is { Length: > 0 } ip ? ip : "0.0.0.0", p.Protocol is { Length: > 0 } proto ? proto : "TCP", p.HostPort!.Value))];
    }

    public V1Pod Pod { get; }

    /// <summary><c>namespace/name</c>, for logs.</summary>
    public string Key { get; }

    /// <summary>The cache's key: the UID, so a pod deleted and re-created with the same name is a different pod.</summary>
    public string Uid { get; }

    public Resource Request { get; }

    /// <summary>Requests with upstream's defaults for missing cpu/memory, used by scoring so empty pods still spread.</summary>
    public Resource NonZeroRequest { get; }

    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; }
    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; }
    public IReadOnlyList<AffinityTerm> PreferredAffinityTerms { get; }
    public IReadOnlyList<AffinityTerm> PreferredAntiAffinityTerms { get; }
    public IReadOnlyList<HostPort> HostPorts { get; }

    public bool HasAffinity => RequiredAffinityTerms.Count + RequiredAntiAffinityTerms.Count + PreferredAffinityTerms.Count + PreferredAntiAffinityTerms.Count > 0;

    public int Priority => Pod.Spec.Priority ?? 0;
}

/// <summary>A host port a container asks for: (hostIP, protocol, port); 0.0.0.0 conflicts with every IP.</summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port);
