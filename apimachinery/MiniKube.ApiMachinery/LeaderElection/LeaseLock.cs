using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MiniKube.ApiMachinery.LeaderElection;

/// <summary>
/// The lock leader election takes, like client-go's <c>resourcelock.LeaseLock</c>: one coordination.k8s.io/v1 Lease
/// object (e.g. kube-system/kube-controller-manager) whose <c>spec.holderIdentity</c> names the leader. Taking or
/// renewing it is an update that carries the resourceVersion we read, so when two candidates race, the API server
/// accepts one and answers 409 Conflict to the other (optimistic concurrency): no extra locking service is needed.
/// Concept: https://kubernetes.io/docs/concepts/architecture/leases/
/// </summary>
public sealed class LeaseLock(IKubernetes client, string ns, string name, string identity)
{
    public string Namespace { get; } = ns;
    public string Name { get; } = name;

    /// <summary>Who we are, e.g. the host name plus a random suffix, so two processes on one host differ.</summary>
    public string Identity { get; } = identity;

    /// <summary>The Lease, or null if nobody has ever taken it.</summary>
    public async Task<V1Lease?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(Name, Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates the Lease; fails with 409 AlreadyExists if another candidate was faster.</summary>
    public Task<V1Lease> CreateAsync(V1LeaseSpec spec, CancellationToken cancellationToken) =>
        client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
            Spec = spec,
        }, Namespace, cancellationToken: cancellationToken);

    /// <summary>Writes <paramref name="spec"/> over <paramref name="current"/>; 409 Conflict if it changed since we read it.</summary>
    public Task<V1Lease> UpdateAsync(V1Lease current, V1LeaseSpec spec, CancellationToken cancellationToken)
    {
        current.Spec = spec;   // current.Metadata.ResourceVersion is what makes this update conditional
        return client.CoordinationV1.ReplaceNamespacedLeaseAsync(current, Name, Namespace, cancellationToken: cancellationToken);
    }
}
