using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Permit: the last word before binding. Success lets the pod bind, Unschedulable rejects it, Wait holds it
/// (assumed on the node) until the plugin calls <see cref="WaitingPod.Allow"/> or the timeout passes (gang
/// scheduling is built this way).
/// </summary>
public interface IPermitPlugin : IPlugin
{
    (Status Status, TimeSpan Timeout) Permit(CycleState state, V1Pod pod, string nodeName);
}
