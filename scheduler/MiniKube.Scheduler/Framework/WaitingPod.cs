using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// A pod a Permit plugin said Wait for (upstream <c>waitingPod</c>): assumed on its node, not bound, until every
/// waiting plugin allows it, one rejects it, or its timeout passes.
/// </summary>
public sealed class WaitingPod
{
    private readonly TaskCompletionSource<Status> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _pendingPlugins;
    private readonly Lock _lock = new();

    public WaitingPod(V1Pod pod, IEnumerable<string> pendingPlugins)
    {
        Pod = pod;
        _pendingPlugins = new HashSet<string>(pendingPlugins, StringComparer.Ordinal);
    }

    public V1Pod Pod { get; }

    internal Task<Status> Result => _result.Task;

    /// <summary>Plugin <paramref name="plugin"/> is satisfied; the pod binds once all waiting plugins are.</summary>
    public void Allow(string plugin)
    {
        lock (_lock)
        {
            _pendingPlugins.Remove(plugin);
            if (_pendingPlugins.Count == 0) _result.TrySetResult(Status.Success);
        }
    }

    public void Reject(string plugin, string message) => _result.TrySetResult(Status.Unschedulable(message).WithPlugin(plugin));
}
