using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// LimitRanges: per-namespace defaults and bounds for containers' resource requests and limits.
/// Concept: https://kubernetes.io/docs/concepts/policy/limit-range/
/// </summary>
public static class LimitRanges
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "LimitRange",
        Plural = "limitranges",
        Namespaced = true,
        ModelType = typeof(V1LimitRange),
        ListModelType = typeof(V1LimitRangeList),
        ShortNames = ["limits"],
        Columns =
        [
            NameColumn(),
            new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
                (o, _) => o.Metadata.CreationTimestamp?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
        ],
    };
}
