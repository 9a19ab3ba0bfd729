using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.ControllerManager.Pods;

/// <summary>
/// Creates and deletes a controller's Pods and records the Events <c>kubectl describe</c> shows for its owner
/// (upstream: <c>RealPodControl</c> in pkg/controller): "Created pod: web-x7k2p" (SuccessfulCreate), "Deleted pod: …"
/// (SuccessfulDelete), and FailedCreate/FailedDelete with the API server's error. The Pod is built from the owner's
/// template with its labels, annotations and finalizers, a generated name "&lt;owner&gt;-xxxxx" and a controller ref.
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
        // A deep copy through JSON: the template belongs to the informer's cache and must never be modified.
        var copy = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(template));
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = owner.Metadata.Name + "-",
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = copy.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : [],
                Annotations = copy.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = copy.Metadata?.Finalizers?.ToList(),
                OwnerReferences = [controllerRef],
            },
            Spec = copy.Spec,
        };
    }

    /// <summary>Creates <paramref name="pod"/> and records the outcome on <paramref name="owner"/>; a failure is rethrown.</summary>
    public async Task<V1Pod> CreatePodAsync(V1Pod pod, IKubernetesObject<V1ObjectMeta> owner, CancellationToken cancellationToken)
    {
        V1Pod created;
        try
        {
            created = await client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await recorder.EventAsync(owner, EventType.Warning, FailedCreatePodReason, $"Error creating: {ex.Response.Content}", cancellationToken);
            throw;
        }
        await recorder.EventAsync(owner, EventType.Normal, SuccessfulCreatePodReason, $"Created pod: {created.Metadata.Name}", cancellationToken);
        return created;
    }

    /// <summary>Deletes a Pod and records it on <paramref name="owner"/>. A Pod already gone counts as deleted.</summary>
    public async Task DeletePodAsync(string ns, string name, IKubernetesObject<V1ObjectMeta> owner, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await recorder.EventAsync(owner, EventType.Warning, FailedDeletePodReason, $"Error deleting: {ex.Response.Content}", cancellationToken);
            throw;
        }
        await recorder.EventAsync(owner, EventType.Normal, SuccessfulDeletePodReason, $"Deleted pod: {name}", cancellationToken);
    }
}
