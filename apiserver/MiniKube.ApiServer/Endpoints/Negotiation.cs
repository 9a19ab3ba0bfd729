using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>What shape the client asked the answer to take, from its Accept header.</summary>
public enum ResponseShape { Json, Yaml, Table, AggregatedDiscoveryV2, AggregatedDiscoveryV2Beta1 }

/// <summary>
/// Content negotiation: kubectl's Accept header asks for a Table (<c>as=Table;g=meta.k8s.io</c>) for get, for
/// aggregated discovery (<c>as=APIGroupDiscoveryList;g=apidiscovery.k8s.io</c>) on /api and /apis, and sometimes
/// prefers protobuf while also accepting JSON. We answer with the first alternative we can produce, in the
/// client's order, and 406 when none is possible.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#alternate-representations-of-resources
/// </summary>
public static class Negotiation
{
    public const string Available = "application/json, application/yaml, application/vnd.kubernetes.protobuf";

    public static ResponseShape Choose(string? accept, bool allowTable, bool allowAggregatedDiscovery)
    {
        if (string.IsNullOrWhiteSpace(accept)) return ResponseShape.Json;
        foreach (var raw in accept.Split(','))
        {
            var parts = raw.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            var mediaType = parts[0].ToLowerInvariant();
            var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            parameters.TryGetValue("as", out var asKind);
            parameters.TryGetValue("g", out var group);
            parameters.TryGetValue("v", out var version);
            switch (mediaType)
            {
                case "application/json" or "application/*" or "*/*":
                    if (asKind is null) return ResponseShape.Json;
                    if (asKind == "Table" && group == "meta.k8s.io" && version is "v1" or "v1beta1" && allowTable) return ResponseShape.Table;
                    if (asKind == "APIGroupDiscoveryList" && group == "apidiscovery.k8s.io" && allowAggregatedDiscovery)
                    {
                        if (version == "v2") return ResponseShape.AggregatedDiscoveryV2;
                        if (version == "v2beta1") return ResponseShape.AggregatedDiscoveryV2Beta1;
                    }
                    break;
                case "application/yaml":
                    if (asKind is null) return ResponseShape.Yaml;
                    break;
                case "application/vnd.kubernetes.protobuf":
                    // Upstream difference: we read protobuf bodies but always answer in JSON or YAML, so this
                    // alternative is skipped; kubectl always lists application/json after it.
                    break;
            }
        }
        throw new StatusException(StatusErrors.NotAcceptable(Available));
    }
}
