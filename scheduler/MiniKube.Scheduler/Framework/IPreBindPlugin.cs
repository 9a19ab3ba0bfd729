using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>PreBind: work that must be done before the pod is bound (e.g. provisioning a volume). Runs in the binding cycle.</summary>
public interface IPreBindPlugin : IPlugin
{
    Task<Status> PreBindAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken cancellationToken);
}
