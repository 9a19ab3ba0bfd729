using System.Text.Json;
using k8s;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Asks the API server which resource types it serves (/api, /api/v1, /apis, /apis/{group}/{version}), like
/// client-go's discovery client. The namespace controller uses it to find everything that can live in a namespace,
/// and the garbage collector to map an ownerReference's apiVersion and kind to a URL (a small RESTMapper).
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
/// </summary>
public sealed class DiscoveryClient(Kubernetes client)
{
    /// <summary>
    /// The resources of every group at its preferred version (upstream: ServerPreferredResources), without
    /// subresources. Groups whose listing fails are named in <c>FailedGroups</c>; the rest are still returned.
    /// </summary>
    public async Task<(IReadOnlyList<ApiResource> Resources, IReadOnlyList<string> FailedGroups)> ServerPreferredResourcesAsync(CancellationToken cancellationToken)
    {
        var groupVersions = new List<(string Group, string Version)>();
        using (var core = await RawRequests.SendForJsonAsync(client, HttpMethod.Get, "/api", cancellationToken))
        {
            foreach (var version in core.RootElement.GetProperty("versions").EnumerateArray()) groupVersions.Add(("", version.GetString()!));
        }
        using (var apis = await RawRequests.SendForJsonAsync(client, HttpMethod.Get, "/apis", cancellationToken))
        {
            foreach (var group in apis.RootElement.GetProperty("groups").EnumerateArray())
            {
                var preferred = group.GetProperty("preferredVersion").GetProperty("version").GetString()!;
                groupVersions.Add((group.GetProperty("name").GetString()!, preferred));
            }
        }
        var resources = new List<ApiResource>();
        var failed = new List<string>();
        foreach (var (group, version) in groupVersions)
        {
            var path = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            try
            {
                using var list = await RawRequests.SendForJsonAsync(client, HttpMethod.Get, path, cancellationToken);
                foreach (var r in list.RootElement.GetProperty("resources").EnumerateArray())
                {
                    var name = r.GetProperty("name").GetString()!;
                    if (name.Contains('/', StringComparison.Ordinal)) continue; // pods/status, deployments/scale …
                    var verbs = r.TryGetProperty("verbs", out var v) && v.ValueKind == JsonValueKind.Array
                        ? v.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                    resources.Add(new ApiResource(group, version, r.GetProperty("kind").GetString()!, name, r.GetProperty("namespaced").GetBoolean(), verbs));
                }
            }
            catch (Exception ex) when (ex is ApiStatusException or HttpRequestException or JsonException or KeyNotFoundException)
            {
                failed.Add(group.Length == 0 ? version : $"{group}/{version}");
            }
        }
        return (resources, failed);
    }
}
