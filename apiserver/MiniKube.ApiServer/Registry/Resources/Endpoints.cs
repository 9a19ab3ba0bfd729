using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Endpoints: the ready Pod addresses behind a Service, kept up to date by the endpoints controller.
/// Concept: https://kubernetes.io/docs/concepts/services-networking/service/#endpoints
/// </summary>
public static class Endpoints
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "Endpoints",
        Plural = "endpoints",
        Namespaced = true,
        ModelType = typeof(V1Endpoints),
        ListModelType = typeof(V1EndpointsList),
        ShortNames = ["ep"],
        Strategy = new CreateOnUpdateStrategy(),
        Columns =
        [
            NameColumn(),
            Text("Endpoints", "Endpoints is the list of endpoints in the service.", For<V1Endpoints>(FormatEndpoints)),
            AgeColumn(),
        ],
    };

    /// <summary>The ENDPOINTS column as kubectl prints it: at most three addresses, then "+ N more...".</summary>
    private static string FormatEndpoints(V1Endpoints endpoints)
    {
        var all = (endpoints.Subsets ?? []).SelectMany(s => (s.Addresses ?? []).SelectMany(a =>
            s.Ports is { Count: > 0 } ports ? ports.Select(p => $"{a.Ip}:{p.Port}") : [a.Ip])).ToList();
        if (all.Count == 0) return "<none>";
        return all.Count <= 3 ? string.Join(",", all) : string.Join(",", all.Take(3)) + $" + {all.Count - 3} more...";
    }
}
