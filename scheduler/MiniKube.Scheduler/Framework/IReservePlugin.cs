using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Reserve: the pod is assumed on the node; a plugin with state of its own (e.g. volumes) claims it here, and gives
/// it back in Unreserve when a later step fails.
/// </summary>
public interface IReservePlugin : IPlugin
{
    Status Reserve(CycleState state, V1Pod pod, string nodeName);

    void Unreserve(CycleState state, V1Pod pod, string nodeName);
}
