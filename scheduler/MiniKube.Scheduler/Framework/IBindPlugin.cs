using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>Bind: tells the API server where the pod goes. Binders run in order until one does not return Skip.</summary>
public interface IBindPlugin : IPlugin
{
    Task<Status> BindAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken cancellationToken);
}
