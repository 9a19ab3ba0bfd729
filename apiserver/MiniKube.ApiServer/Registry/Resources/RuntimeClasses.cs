using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// RuntimeClasses: pick the container runtime handler (minirunc, runc, crun) a Pod runs with.
/// Concept: https://kubernetes.io/docs/concepts/containers/runtime-class/
/// </summary>
public static class RuntimeClasses
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "node.k8s.io",
        Kind = "RuntimeClass",
        Plural = "runtimeclasses",
        Namespaced = false,
        ModelType = typeof(V1RuntimeClass),
        ListModelType = typeof(V1RuntimeClassList),
        ShortNames = [],
        Columns =
        [
            NameColumn(),
            Text("Handler", "Handler specifies the underlying runtime and configuration that the CRI implementation will use.", For<V1RuntimeClass>(r => r.Handler ?? "")),
            AgeColumn(),
        ],
    };
}
