using k8s.Models;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Registry.Resources;

namespace MiniKube.ApiServer;

/// <summary>
/// The two PriorityClasses every cluster has from its first start, for the add-ons a cluster cannot lose:
/// <c>system-node-critical</c> (must stay on its node, e.g. a CNI agent) and <c>system-cluster-critical</c> (must run
/// somewhere, e.g. DNS). Both are above every user class (at most one billion), so they preempt any user Pod.
/// Created if missing at each start, like upstream's scheduling bootstrap hook.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
/// </summary>
public static class SystemPriorityClasses
{
    public const string SystemClusterCritical = "system-cluster-critical";
    public const string SystemNodeCritical = "system-node-critical";

    /// <summary>Name, value and description, as upstream's scheduling API defines them.</summary>
    public static readonly IReadOnlyList<(string Name, int Value, string Description)> Classes =
    [
        (SystemNodeCritical, 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
        (SystemClusterCritical, 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ];

    public static async Task EnsureAsync(RegistryStore store, CancellationToken cancellationToken)
    {
        var definition = PriorityClasses.Definition;
        foreach (var (name, value, description) in Classes)
        {
            if (await store.GetAsync(definition, null, name, cancellationToken) is not null) continue;
            var priorityClass = new V1PriorityClass
            {
                ApiVersion = "scheduling.k8s.io/v1",
                Kind = "PriorityClass",
                Metadata = new V1ObjectMeta { Name = name, Uid = Guid.NewGuid().ToString(), CreationTimestamp = Endpoints.DateTimeTruncation.Truncate(DateTime.UtcNow) },
                Value = value,
                Description = description,
            };
            definition.Strategy.ApplyDefaults(priorityClass);
            definition.Strategy.PrepareForCreate(priorityClass, hasStatusSubresource: false);
            try
            {
                await store.CreateAsync(definition, priorityClass, cancellationToken);
            }
            catch (StatusException ex) when (ex.Status.Reason == "AlreadyExists")
            {
                // Another API server on the same store won the race: fine.
            }
        }
    }
}
