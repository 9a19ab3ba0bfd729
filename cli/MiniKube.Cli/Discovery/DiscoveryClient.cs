using System.Text.Json.Nodes;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Discovery;

/// <summary>
/// Asks the server which resources it serves, with <b>aggregated discovery</b>: two requests (<c>/api</c> for the core
/// group, <c>/apis</c> for the named groups) each answered with an <c>APIGroupDiscoveryList</c> that lists every
/// group, version and resource. Before aggregated discovery, kubectl needed one request per group version.
/// Concept: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#aggregated-discovery
/// </summary>
public sealed class DiscoveryClient(ApiClient client)
{
    /// <summary>
    /// The Accept header kubectl 1.30+ sends: aggregated discovery v2, else v2beta1, else plain JSON (the legacy
    /// <c>APIVersions</c>/<c>APIGroupList</c> answer of older servers).
    /// </summary>
    public const string AggregatedDiscoveryAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," +
        "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList," +
        "application/json";

    /// <summary>Every resource of every group, core group first, each group's preferred version first.</summary>
    public async Task<IReadOnlyList<ApiResource>> ServerResourcesAsync(CancellationToken cancellationToken)
    {
        var core = await client.GetAsync("/api", AggregatedDiscoveryAccept, cancellationToken);
        var groups = await client.GetAsync("/apis", AggregatedDiscoveryAccept, cancellationToken);
        return [.. Parse(core, "/api"), .. Parse(groups, "/apis")];
    }

    /// <summary>Reads one <c>APIGroupDiscoveryList</c> (the shape is the same in v2 and v2beta1).</summary>
    internal static IEnumerable<ApiResource> Parse(JsonObject list, string path)
    {
        // We look at the body's kind rather than the Content-Type's "as=APIGroupDiscoveryList" parameter: the body
        // cannot lie about its own shape.
        if ((string?)list["kind"] != "APIGroupDiscoveryList")
        {
            // Upstream difference: kubectl falls back to legacy discovery (one GET per group version); minictl
            // needs a server with aggregated discovery (Kubernetes 1.27+, or MiniKube's apiserver).
            throw new CliException($"the server answered {path} with \"{(string?)list["kind"]}\", not an aggregated discovery " +
                "APIGroupDiscoveryList; minictl needs a server that supports aggregated discovery (Kubernetes 1.27 or later)");
        }
        foreach (var group in list["items"]?.AsArray() ?? [])
        {
            var groupName = (string?)group?["metadata"]?["name"] ?? ""; // the core group has no name
            var preferred = true; // versions are listed most preferred first
            foreach (var version in group?["versions"]?.AsArray() ?? [])
            {
                var versionName = (string?)version?["version"] ?? "";
                foreach (var resource in version?["resources"]?.AsArray() ?? [])
                {
                    if (resource is null) continue;
                    var kind = (string?)resource["responseKind"]?["kind"] ?? "";
                    var singular = (string?)resource["singularResource"];
                    yield return new ApiResource(
                        Group: groupName,
                        Version: versionName,
                        Resource: (string?)resource["resource"] ?? "",
                        // An empty singularResource is allowed; kubectl then uses the lower-cased kind.
                        SingularName: string.IsNullOrEmpty(singular) ? kind.ToLowerInvariant() : singular,
                        Kind: kind,
                        Namespaced: (string?)resource["scope"] == "Namespaced",
                        Verbs: Strings(resource["verbs"]),
                        ShortNames: Strings(resource["shortNames"]),
                        Categories: Strings(resource["categories"]),
                        IsPreferredVersion: preferred);
                }
                preferred = false;
            }
        }
    }

    private static List<string> Strings(JsonNode? array) =>
        array is JsonArray items ? [.. items.Select(i => (string?)i ?? "")] : [];
}
