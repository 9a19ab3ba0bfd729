using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ResourceQuotas: caps on the total resources and object counts a namespace may use.
/// Concept: https://kubernetes.io/docs/concepts/policy/resource-quotas/
/// </summary>
public static class ResourceQuotas
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "ResourceQuota",
        Plural = "resourcequotas",
        Namespaced = true,
        ModelType = typeof(V1ResourceQuota),
        ListModelType = typeof(V1ResourceQuotaList),
        ShortNames = ["quota"],
        Subresources = ["status"],
        Columns =
        [
            NameColumn(),
            AgeColumn(),
            Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume.", For<V1ResourceQuota>(q => Usage(q, false))),
            Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.", For<V1ResourceQuota>(q => Usage(q, true))),
        ],
    };

    /// <summary>"pods: 1/10, requests.cpu: 0/2": used/hard for each quota entry (limits.* in the Limit column).</summary>
    private static string Usage(V1ResourceQuota quota, bool limits)
    {
        var hard = quota.Status?.Hard ?? quota.Spec?.Hard ?? new Dictionary<string, ResourceQuantity>();
        return string.Join(", ", hard.Where(h => h.Key.StartsWith("limits.", StringComparison.Ordinal) == limits).OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}: {(quota.Status?.Used is { } used && used.TryGetValue(h.Key, out var u) ? u.ToString() : "0")}/{h.Value}"));
    }
}
