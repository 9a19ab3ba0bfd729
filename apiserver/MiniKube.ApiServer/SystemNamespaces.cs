using k8s.Models;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Registry.Resources;

namespace MiniKube.ApiServer;

/// <summary>
/// The namespaces every cluster has from its first start: default, kube-system, kube-public and kube-node-lease
/// (where kubelets keep their heartbeat Leases). Created if missing at each start, like upstream's bootstrap controller.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
/// </summary>
public static class SystemNamespaces
{
    public static readonly IReadOnlyList<string> Names = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(RegistryStore store, CancellationToken cancellationToken)
    {
        foreach (var name in Names)
        {
            if (await store.GetAsync(Namespaces.Definition, null, name, cancellationToken) is not null) continue;
            var ns = new V1Namespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new V1ObjectMeta { Name = name, Uid = Guid.NewGuid().ToString(), CreationTimestamp = Endpoints.DateTimeTruncation.Truncate(DateTime.UtcNow) },
            };
            Namespaces.Definition.Strategy.PrepareForCreate(ns, hasStatusSubresource: true);
            try
            {
                await store.CreateAsync(Namespaces.Definition, ns, cancellationToken);
            }
            catch (StatusException ex) when (ex.Status.Reason == "AlreadyExists")
            {
                // Another API server on the same store won the race: fine.
            }
        }
    }
}
