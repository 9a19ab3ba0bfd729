using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ConfigMaps: non-secret configuration that Pods read as environment variables or files.
/// Concept: https://kubernetes.io/docs/concepts/configuration/configmap/
/// </summary>
public static class ConfigMaps
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "ConfigMap",
        Plural = "configmaps",
        Namespaced = true,
        ModelType = typeof(V1ConfigMap),
        ListModelType = typeof(V1ConfigMapList),
        ShortNames = ["cm"],
        Columns =
        [
            NameColumn(),
            Integer("Data", "Number of data entries", ForInt<V1ConfigMap>(c => (c.Data?.Count ?? 0) + (c.BinaryData?.Count ?? 0))),
            AgeColumn(),
        ],
    };
}
