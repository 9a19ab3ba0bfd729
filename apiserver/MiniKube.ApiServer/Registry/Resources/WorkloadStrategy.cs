using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ApiServer.Validation;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// The rules shared by controllers' workload objects (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job): a pod
/// template that is a valid pod, a selector that matches the template's labels (or the controller would never see
/// its own pods), replicas never negative, and a selector that cannot change after creation.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/
/// </summary>
internal sealed class WorkloadStrategy<T>(
    Func<T, V1LabelSelector?> selector,
    Func<T, V1PodTemplateSpec?> template,
    Func<T, int?> replicas,
    bool selectorRequired = true,
    Action<T>? defaults = null) : ResourceStrategy where T : class, IKubernetesObject<V1ObjectMeta>
{
    public override void ApplyDefaults(IKubernetesObject<V1ObjectMeta> obj)
    {
        var workload = (T)obj;
        PodSpecDefaults.Apply(template(workload)?.Spec);
        defaults?.Invoke(workload);
    }

    public override IEnumerable<FieldError> Validate(IKubernetesObject<V1ObjectMeta> obj)
    {
        var workload = (T)obj;
        var podTemplate = template(workload);
        var podSelector = selector(workload);
        if (replicas(workload) is < 0)
        {
            yield return FieldError.Invalid("spec.replicas", replicas(workload), "must be greater than or equal to 0");
        }
        if (podSelector is null || (podSelector.MatchLabels is not { Count: > 0 } && podSelector.MatchExpressions is not { Count: > 0 }))
        {
            if (selectorRequired) yield return FieldError.Required("spec.selector");
        }
        else
        {
            LabelSelector? parsed = null;
            FieldError? badSelector = null;
            try { parsed = LabelSelector.FromV1(podSelector); }
            catch (FormatException ex) { badSelector = FieldError.Invalid("spec.selector", podSelector.ToString(), ex.Message); }
            if (badSelector is not null) yield return badSelector;
            else if (podTemplate is not null && !parsed!.Matches(podTemplate.Metadata?.Labels))
            {
                yield return FieldError.Invalid("spec.template.metadata.labels",
                    string.Join(",", (podTemplate.Metadata?.Labels ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}")),
                    "`selector` does not match template `labels`");
            }
        }
        if (podTemplate is null)
        {
            yield return FieldError.Required("spec.template");
        }
        else
        {
            foreach (var error in PodSpecValidation.Validate(podTemplate.Spec, "spec.template.spec")) yield return error;
        }
    }

    public override IEnumerable<FieldError> ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
    {
        if (!JsonEquals(selector((T)obj), selector((T)old))) yield return FieldError.Immutable("spec.selector");
    }
}
