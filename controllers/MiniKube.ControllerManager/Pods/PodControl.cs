using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Errors;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// Creates and deletes a controller's Pods and records each as an Event on the owner, the lines
/// <c>kubectl describe</c> shows (upstream: <c>RealPodControl</c> in pkg/controller): "SuccessfulCreate — Created
/// pod: web-x7k2p", "FailedCreate — Error creating: …", "SuccessfulDelete — Deleted pod: web-x7k2p",
/// "FailedDelete — Error deleting: …", the error being the API server's own message. A Pod is the owner's template
/// (labels, annotations, finalizers, spec) plus the controller ownerReference, named with generateName
/// "&lt;owner&gt;-" so the API server picks a unique suffix.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates
/// </summary>
public sealed class PodControl(IKubernetes client, EventRecorder recorder)
{
    public const string SuccessfulCreatePodReason = "SuccessfulCreate";
    public const string FailedCreatePodReason = "FailedCreate";
    public const string SuccessfulDeletePodReason = "SuccessfulDelete";
    public const string FailedDeletePodReason = "FailedDelete";

    /// <summary>The Pod a template describes, owned by <paramref name="owner"/> (upstream: <c>GetPodFromTemplate</c>).</summary>
    public static V1Pod GetPodFromTemplate(V1PodTemplateSpec template, IKubernetesObject<V1ObjectMeta> owner, V1OwnerReference controllerRef)
    {
        // The template belongs to the informer's cache and must never be modified: work on a deep copy.
        var copy = ObjectCopy.DeepCopy(template);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = $"{owner.Metadata.Name}-",
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = copy.Metadata?.Labels ?? new Dictionary<string, string>(),
                Annotations = copy.Metadata?.Annotations,
                Finalizers = copy.Metadata?.Finalizers,
                OwnerReferences = [controllerRef],
            },
            Spec = copy.Spec,
        };
    }

    /// <summary>Creates a Pod from <paramref name="template"/> (upstream: <c>CreatePods</c>).</summary>
    public Task<V1Pod> CreatePodAsync(V1PodTemplateSpec template, IKubernetesObject<V1ObjectMeta> owner, V1OwnerReference controllerRef,
        CancellationToken cancellationToken) =>
        CreatePodAsync(GetPodFromTemplate(template, owner, controllerRef), owner, cancellationToken);

    /// <summary>
    /// Creates <paramref name="pod"/>, built by the caller from <see cref="GetPodFromTemplate"/> and then adjusted
    /// (a DaemonSet's node affinity, a Job's labels and finalizer), and records the outcome on <paramref name="owner"/>.
    /// A failure is rethrown.
    /// </summary>
    public async Task<V1Pod> CreatePodAsync(V1Pod pod, IKubernetesObject<V1ObjectMeta> owner, CancellationToken cancellationToken)
    {
        // A pod without labels could never be selected by its owner again: refuse before asking the server.
        if (pod.Metadata.Labels is not { Count: > 0 }) throw new InvalidOperationException("unable to create pods, no labels");
        V1Pod created;
        try
        {
            created = await client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await recorder.EventAsync(owner, EventType.Warning, FailedCreatePodReason, $"Error creating: {ApiErrors.Message(ex)}", cancellationToken);
            throw;
        }
        await recorder.EventAsync(owner, EventType.Normal, SuccessfulCreatePodReason, $"Created pod: {created.Metadata.Name}", cancellationToken);
        return created;
    }

    /// <summary>
    /// Deletes a Pod and records it on <paramref name="owner"/>. False, with no Event, when the Pod was already gone:
    /// the caller then stops expecting its deletion (the informer may have reported it already).
    /// </summary>
    public async Task<bool> DeletePodAsync(string ns, string name, IKubernetesObject<V1ObjectMeta> owner, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await recorder.EventAsync(owner, EventType.Warning, FailedDeletePodReason, $"Error deleting: {ApiErrors.Message(ex)}", cancellationToken);
            throw;
        }
        await recorder.EventAsync(owner, EventType.Normal, SuccessfulDeletePodReason, $"Deleted pod: {name}", cancellationToken);
        return true;
    }
}
