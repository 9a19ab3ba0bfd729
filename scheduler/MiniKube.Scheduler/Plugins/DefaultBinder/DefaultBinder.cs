using k8s;
using k8s.Models;
using MiniKube.Scheduler.Framework;

namespace MiniKube.Scheduler.Plugins.DefaultBinder;

/// <summary>
/// DefaultBinder: binds the pod by POSTing a Binding to its pods/binding subresource; the API server sets
/// spec.nodeName (exactly once) and the PodScheduled condition, and the node's kubelet then sees the pod.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/#kube-scheduler-implementation
/// </summary>
public sealed class DefaultBinder(IFrameworkHandle handle) : IBindPlugin
{
    public const string Name = "DefaultBinder";

    string IPlugin.Name => Name;

    public async Task<Status> BindAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { Kind = "Node", Name = nodeName },
        };
        try
        {
            await handle.Client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            return Status.Success;
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            var detail = ex is k8s.Autorest.HttpOperationException http ? http.Response.Content : ex.Message;
            return Status.AsError(new InvalidOperationException($"binding pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} to node {nodeName}: {detail}", ex));
        }
    }
}
