using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// What a plugin may use besides its arguments (upstream framework <c>Handle</c>): the client (only binders and
/// preemption write), the current snapshot, the Event recorder, and the framework's own runners, which preemption
/// uses to ask "would the pod fit if these pods were gone?".
/// </summary>
public interface IFrameworkHandle
{
    IKubernetes Client { get; }

    /// <summary>The snapshot of the cycle in progress.</summary>
    Snapshot Snapshot { get; }

    EventRecorder EventRecorder { get; }

    ILoggerFactory LoggerFactory { get; }

    /// <summary>The profile's schedulerName, e.g. "default-scheduler".</summary>
    string ProfileName { get; }

    Status RunFilterPlugins(CycleState state, V1Pod pod, NodeInfo nodeInfo);

    Status RunPreFilterExtensionAddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status RunPreFilterExtensionRemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);

    /// <summary>The pod waiting at Permit with this UID, if any (a Permit plugin allows or rejects it through this).</summary>
    WaitingPod? GetWaitingPod(string uid);
}
