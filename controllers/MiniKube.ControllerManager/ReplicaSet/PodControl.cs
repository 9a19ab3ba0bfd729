using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>
/// Creates and deletes a controller's pods and records each as an Event on the controller (upstream:
/// <c>RealPodControl</c>): "SuccessfulCreate — Created pod: web-abc12", "FailedCreate — Error creating: …",
/// "SuccessfulDelete — Deleted pod: web-abc12". A pod is the template plus the controller's ownerReference, named
/// with generateName "&lt;controller-name&gt;-" so the API server picks a unique suffix.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates
/// </summary>
public sealed class PodControl(IKubernetes client, EventRecorder recorder)
{
    public const string SuccessfulCreatePodReason = "SuccessfulCreate";
    public const string FailedCreatePodReason = "FailedCreate";
    public const string SuccessfulDeletePodReason = "SuccessfulDelete";
    public const string FailedDeletePodReason = "FailedDelete";

    public async Task<V1Pod> CreatePodAsync(V1PodTemplateSpec template, IKubernetesObject<V1ObjectMeta> controller, V1OwnerReference controllerRef,
        CancellationToken cancellationToken)
    {
        var ns = controller.Metadata.NamespaceProperty;
        var pod = GetPodFromTemplate(template, controller, controllerRef);
        try
        {
            if (pod.Metadata.Labels is not { Count: > 0 }) throw new InvalidOperationException("unable to create pods, no labels");
            var created = await client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: cancellationToken);
            await recorder.EventAsync(controller, EventType.Normal, SuccessfulCreatePodReason, $"Created pod: {created.Metadata.Name}", cancellationToken);
            return created;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await recorder.EventAsync(controller, EventType.Warning, FailedCreatePodReason, $"Error creating: {ApiErrors.Message(ex)}", cancellationToken);
            throw;
        }
    }

    public async Task DeletePodAsync(V1Pod pod, IKubernetesObject<V1ObjectMeta> controller, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            await recorder.EventAsync(controller, EventType.Normal, SuccessfulDeletePodReason, $"Deleted pod: {pod.Metadata.Name}", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ApiErrors.IsNotFound(ex))
        {
            await recorder.EventAsync(controller, EventType.Warning, FailedDeletePodReason, $"Error deleting: {ApiErrors.Message(ex)}", cancellationToken);
            throw;
        }
    }

    /// <summary>The pod a template describes: its labels, annotations, finalizers and spec, owned by the controller.</summary>
    public static V1Pod GetPodFromTemplate(V1PodTemplateSpec template, IKubernetesObject<V1ObjectMeta> controller, V1OwnerReference controllerRef)
    {
        var copy = ObjectCopy.DeepCopy(template);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = $"{controller.Metadata.Name}-",
                NamespaceProperty = controller.Metadata.NamespaceProperty,
                Labels = copy.Metadata?.Labels,
                Annotations = copy.Metadata?.Annotations,
                Finalizers = copy.Metadata?.Finalizers,
                OwnerReferences = [controllerRef],
            },
            Spec = copy.Spec,
        };
    }
}
