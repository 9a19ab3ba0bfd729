using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Filter: can the pod run on this node? Success, or Unschedulable(AndUnresolvable) with the reason a user sees.
/// Pure: reads the NodeInfo snapshot, no I/O, never throws for a node that does not fit.
/// </summary>
public interface IFilterPlugin : IPlugin
{
    Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo);
}
