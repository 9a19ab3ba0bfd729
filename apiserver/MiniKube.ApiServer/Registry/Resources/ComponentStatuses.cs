using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// ComponentStatuses (deprecated upstream, still answered): the health of etcd, the scheduler and the controller
/// manager, computed when asked and never stored. <c>kubectl get componentstatuses</c>.
/// Concept: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/component-status-v1/
/// </summary>
public static class ComponentStatuses
{
    public const string DeprecationWarning = "v1 ComponentStatus is deprecated in v1.19+";

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "ComponentStatus",
        Plural = "componentstatuses",
        Namespaced = false,
        ModelType = typeof(V1ComponentStatus),
        ListModelType = typeof(V1ComponentStatusList),
        ShortNames = ["cs"],
        Verbs = ["get", "list"],
        Stored = false,
        Columns =
        [
            NameColumn(),
            Text("Status", "Status of the component conditions", For<V1ComponentStatus>(c => Healthy(c) ? "Healthy" : "Unhealthy")),
            Text("Message", "Message of the component conditions", For<V1ComponentStatus>(c => c.Conditions?.FirstOrDefault()?.Message ?? "")),
            Text("Error", "Error of the component conditions", For<V1ComponentStatus>(c => c.Conditions?.FirstOrDefault()?.Error ?? "")),
        ],
    };

    private static bool Healthy(V1ComponentStatus status) => status.Conditions?.FirstOrDefault()?.Status == "True";
}
