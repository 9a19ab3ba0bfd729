using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Validation;

/// <summary>
/// The rules every object's metadata must follow, whatever its kind: a valid name, a namespace exactly when the
/// resource is namespaced, valid label keys and values, and (on update) no change to what identifies the object.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/kubernetes-objects/#object-spec-and-status
/// </summary>
public static class ObjectMetaValidation
{
    public static IEnumerable<FieldError> Validate(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj)
    {
        var meta = obj.Metadata;
        if (string.IsNullOrEmpty(meta.Name))
        {
            yield return FieldError.Required("metadata.name", "name or generateName is required");
        }
        else
        {
            var problems = resource.Strategy.NameIsLabel ? NameValidation.Dns1123Label(meta.Name) : NameValidation.Dns1123Subdomain(meta.Name);
            foreach (var problem in problems) yield return FieldError.Invalid("metadata.name", meta.Name, problem);
        }
        if (resource.Namespaced && string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            yield return FieldError.Required("metadata.namespace");
        }
        if (!resource.Namespaced && !string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            yield return FieldError.Forbidden("metadata.namespace", "not allowed on this type");
        }
        foreach (var (key, value) in meta.Labels ?? new Dictionary<string, string>())
        {
            foreach (var problem in NameValidation.QualifiedName(key)) yield return FieldError.Invalid("metadata.labels", key, problem);
            foreach (var problem in NameValidation.LabelValue(value)) yield return FieldError.Invalid($"metadata.labels", value, problem);
        }
        foreach (var key in (meta.Annotations ?? new Dictionary<string, string>()).Keys)
        {
            foreach (var problem in NameValidation.QualifiedName(key.ToLowerInvariant())) yield return FieldError.Invalid("metadata.annotations", key, problem);
        }
        var annotationBytes = (meta.Annotations ?? new Dictionary<string, string>()).Sum(a => a.Key.Length + a.Value.Length);
        if (annotationBytes > 256 * 1024) yield return FieldError.TooLong("metadata.annotations", 256 * 1024);
    }
}
