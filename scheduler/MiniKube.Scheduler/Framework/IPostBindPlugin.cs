using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>PostBind: informational, after a successful bind (e.g. clean-up of what Reserve claimed).</summary>
public interface IPostBindPlugin : IPlugin
{
    void PostBind(CycleState state, V1Pod pod, string nodeName);
}
