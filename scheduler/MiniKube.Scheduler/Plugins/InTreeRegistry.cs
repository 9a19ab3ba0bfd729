using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins;

/// <summary>
/// The built-in plugins by name (upstream <c>NewInTreeRegistry</c>). Adding a plugin: a folder with the class, and
/// one line here; then enable it in a KubeSchedulerConfiguration profile.
/// </summary>
public static class InTreeRegistry
{
    public static Registry Create() => new()
    {
        [PrioritySort.PrioritySort.Name] = (_, _) => new PrioritySort.PrioritySort(),
        [NodeName.NodeName.Name] = (_, _) => new NodeName.NodeName(),
        [NodeUnschedulable.NodeUnschedulable.Name] = (_, _) => new NodeUnschedulable.NodeUnschedulable(),
        [TaintToleration.TaintToleration.Name] = (_, _) => new TaintToleration.TaintToleration(),
        [NodeAffinity.NodeAffinity.Name] = (_, _) => new NodeAffinity.NodeAffinity(),
        [NodePorts.NodePorts.Name] = (_, _) => new NodePorts.NodePorts(),
        [NodeResourcesFit.NodeResourcesFit.Name] = NodeResourcesFit.NodeResourcesFit.Create,
        [NodeResourcesBalancedAllocation.NodeResourcesBalancedAllocation.Name] = (_, _) => new NodeResourcesBalancedAllocation.NodeResourcesBalancedAllocation(),
        [ImageLocality.ImageLocality.Name] = (_, h) => new ImageLocality.ImageLocality(h),
        [InterPodAffinity.InterPodAffinity.Name] = (_, h) => new InterPodAffinity.InterPodAffinity(h),
        [PodTopologySpread.PodTopologySpread.Name] = (_, h) => new PodTopologySpread.PodTopologySpread(h),
        [DefaultPreemption.DefaultPreemption.Name] = (_, h) => new DefaultPreemption.DefaultPreemption(h),
        [DefaultBinder.DefaultBinder.Name] = (_, h) => new DefaultBinder.DefaultBinder(h),
    };

}
