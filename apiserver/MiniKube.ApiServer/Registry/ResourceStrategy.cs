using System.Reflection;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;

namespace MiniKube.ApiServer.Registry;

/// <summary>
/// What create and update may change for one resource, like upstream's REST create/update strategies: the server
/// owns uid, creationTimestamp and generation; a write to the main resource cannot change .status and a write to
/// the status subresource cannot change anything else; a change of .spec bumps metadata.generation, which is how
/// controllers tell "new desired state" from "status report". Resources with special rules subclass it.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#status-subresource
/// </summary>
public class ResourceStrategy
{
    public static ResourceStrategy Default { get; } = new();

    /// <summary>Whether PUT of an absent object creates it (upstream: true for e.g. Endpoints and Leases).</summary>
    public virtual bool AllowCreateOnUpdate => false;

    /// <summary>Whether a name is a DNS-1123 label (63 chars, no dots) rather than a DNS-1123 subdomain.</summary>
    public virtual bool NameIsLabel => false;

    /// <summary>
    /// Fills in defaulted fields, on every create and update, as upstream defaults every object it decodes.
    /// </summary>
    public virtual void ApplyDefaults(IKubernetesObject<V1ObjectMeta> obj)
    {
    }

    /// <summary>
    /// Called for a new object after <see cref="PrepareForCreate"/>, for what needs the store: e.g. a Service's ClusterIP.
    /// </summary>
    public virtual Task BeforeCreateAsync(IKubernetesObject<V1ObjectMeta> obj, RegistryStore store, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Called once for a new object before admission: reset what the server owns.</summary>
    /// <remarks>Upstream resets .status on create for resources with a status subresource: status is reported by
    /// controllers, never requested by users.</remarks>
    public virtual void PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj, bool hasStatusSubresource)
    {
        if (hasStatusSubresource && StatusProperty(obj) is { } status) status.SetValue(obj, null);
        if (SpecProperty(obj) is not null) obj.Metadata.Generation = 1;
    }

    /// <summary>Called for an update of the main resource: .status stays as stored; a spec change bumps generation.</summary>
    public virtual void PrepareForUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, bool hasStatusSubresource)
    {
        if (hasStatusSubresource && StatusProperty(obj) is { } status) status.SetValue(obj, status.GetValue(old));
        obj.Metadata.Generation = old.Metadata.Generation;
        if (SpecProperty(obj) is { } spec && !JsonEquals(spec.GetValue(obj), spec.GetValue(old)))
        {
            obj.Metadata.Generation = (old.Metadata.Generation ?? 0) + 1;
        }
    }

    /// <summary>Called for an update through the status subresource: only .status may change.</summary>
    public virtual void PrepareForStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
    {
        foreach (var property in obj.GetType().GetProperties())
        {
            if (property.Name is "Status" or "Metadata" or "ApiVersion" or "Kind" || !property.CanWrite) continue;
            property.SetValue(obj, property.GetValue(old));
        }
        // Upstream: a status update may not change labels, annotations or finalizers either.
        obj.Metadata.Labels = old.Metadata.Labels;
        obj.Metadata.Annotations = old.Metadata.Annotations;
        obj.Metadata.Finalizers = old.Metadata.Finalizers;
        obj.Metadata.Generation = old.Metadata.Generation;
    }

    /// <summary>
    /// Called for an update through a subresource other than status (namespaces/finalize): the resource decides
    /// what may change. Resources without such a subresource never get here.
    /// </summary>
    public virtual void PrepareForSubresourceUpdate(string subresource, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) =>
        PrepareForUpdate(obj, old, hasStatusSubresource: true);

    /// <summary>
    /// Whether an update of an object being deleted removes it from storage (upstream: ShouldDeleteDuringUpdate):
    /// yes once its last finalizer is gone. Namespaces also wait for their spec.finalizers.
    /// </summary>
    public virtual bool ShouldDeleteDuringUpdate(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.DeletionTimestamp is not null && obj.Metadata.Finalizers is not { Count: > 0 };

    /// <summary>Field rules for this kind beyond object metadata (collected, not thrown).</summary>
    public virtual IEnumerable<FieldError> Validate(IKubernetesObject<V1ObjectMeta> obj) => [];

    /// <summary>Rules that compare the new object with the stored one, e.g. immutable fields.</summary>
    public virtual IEnumerable<FieldError> ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) => [];

    protected static PropertyInfo? StatusProperty(object obj) => obj.GetType().GetProperty("Status");
    protected static PropertyInfo? SpecProperty(object obj) => obj.GetType().GetProperty("Spec");

    // KubernetesJson.Serialize throws on null, and a Job without spec.selector compares two nulls.
    protected static bool JsonEquals(object? a, object? b) =>
        a is null || b is null ? a is null && b is null : KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);
}
