using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Tests.Plugins;

/// <summary>Hand-made nodes and pods for the plugin table tests.</summary>
internal static class Make
{
    public static V1Pod Pod(string name = "p", string? cpu = null, string? memory = null, IDictionary<string, string>? labels = null, string? nodeName = null,
        int priority = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = Guid.NewGuid().ToString(), Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            Priority = priority,
            Containers = [new V1Container
            {
                Name = "c", Image = "busybox",
                Resources = new V1ResourceRequirements { Requests = Requests(cpu, memory) },
            }],
        },
    };

    public static Dictionary<string, ResourceQuantity>? Requests(string? cpu, string? memory)
    {
        var r = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null) r["cpu"] = new ResourceQuantity(cpu);
        if (memory is not null) r["memory"] = new ResourceQuantity(memory);
        return r.Count == 0 ? null : r;
    }

    public static NodeInfo Node(string name = "n", string cpu = "4", string memory = "8Gi", int pods = 110, IDictionary<string, string>? labels = null,
        IList<V1Taint>? taints = null, params V1Pod[] podsOnNode)
    {
        var allLabels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>()) allLabels[k] = v;
        var info = new NodeInfo(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = allLabels },
            Spec = new V1NodeSpec { Taints = taints },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new(pods.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            },
        });
        foreach (var pod in podsOnNode)
        {
            pod.Spec.NodeName = name;
            info.AddPod(new PodInfo(pod));
        }
        return info;
    }
}
