using k8s;
using k8s.Models;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Nodes: the machines Pods run on. A kubelet registers its Node and reports conditions through nodes/status.
/// Concept: https://kubernetes.io/docs/concepts/architecture/nodes/
/// </summary>
public static class Nodes
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "Node",
        Plural = "nodes",
        Namespaced = false,
        ModelType = typeof(V1Node),
        ListModelType = typeof(V1NodeList),
        ShortNames = ["no"],
        Subresources = ["status"],
        Strategy = new NodeStrategy(),
        Columns =
        [
            NameColumn(),
            Text("Status", "The status of the node", For<V1Node>(Status)),
            Text("Roles", "The roles of the node", For<V1Node>(Roles)),
            AgeColumn(),
            Text("Version", "Kubelet Version reported by the node.", For<V1Node>(n => n.Status?.NodeInfo?.KubeletVersion ?? "")),
            Text("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if available.",
                For<V1Node>(n => Address(n, "InternalIP")), 1),
            Text("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if available.",
                For<V1Node>(n => Address(n, "ExternalIP")), 1),
            Text("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
                For<V1Node>(n => n.Status?.NodeInfo?.OsImage ?? "<unknown>"), 1),
            Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
                For<V1Node>(n => n.Status?.NodeInfo?.KernelVersion ?? "<unknown>"), 1),
            Text("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
                For<V1Node>(n => n.Status?.NodeInfo?.ContainerRuntimeVersion ?? "<unknown>"), 1),
        ],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>
        {
            ["spec.unschedulable"] = o => ((o as V1Node)?.Spec?.Unschedulable ?? false) ? "true" : "false",
        },
    };

    private static string Status(V1Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var status = ready?.Status switch { "True" => "Ready", "False" => "NotReady", _ => "Unknown" };
        if (node.Spec?.Unschedulable == true) status += ",SchedulingDisabled";
        return status;
    }

    private static string Roles(V1Node node)
    {
        var roles = (node.Metadata.Labels ?? new Dictionary<string, string>()).Keys
            .Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
            .Select(k => k["node-role.kubernetes.io/".Length..]).Where(r => r.Length > 0).Order().ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(V1Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? "<none>";

    private sealed class NodeStrategy : ResourceStrategy
    {
        // A kubelet registers its Node with status filled in; upstream keeps status on create for nodes.
        public override void PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj, bool hasStatusSubresource) =>
            base.PrepareForCreate(obj, hasStatusSubresource: false);
    }
}
