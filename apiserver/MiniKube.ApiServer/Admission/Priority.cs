using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Fields;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Registry.Resources;

namespace MiniKube.ApiServer.Admission;

/// <summary>
/// Priority: turns a new Pod's <c>spec.priorityClassName</c> into the number the scheduler sorts and preempts by
/// (<c>spec.priority</c>) and into <c>spec.preemptionPolicy</c>, read from the PriorityClass. Users name a class, never a
/// number: that way an administrator decides what "important" means, and a Pod cannot make itself more important than
/// its class. A Pod without a class gets the <c>globalDefault</c> class, or priority 0. It also keeps a second
/// PriorityClass from being marked <c>globalDefault</c>.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#priority
/// Upstream difference: upstream reads PriorityClasses from an informer's cache; we read the store on each create.
/// </summary>
public sealed class Priority(RegistryStore store) : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public const string PluginName = "Priority";

    /// <summary>The priority of a Pod without a class when no class is marked globalDefault.</summary>
    public const int DefaultPriorityWhenNoDefaultClassExists = 0;

    public const string PreemptLowerPriority = "PreemptLowerPriority";

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation is AdmissionOperation.Create or AdmissionOperation.Update;

    /// <summary>Mutating phase: resolve a new Pod's priority from its class.</summary>
    public async Task AdmitAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (request.Resource != Pods.Definition || request.Info.Subresource.Length > 0 || request.Object is not V1Pod { Spec: { } spec } pod)
        {
            return;
        }
        if (request.Operation == AdmissionOperation.Update)
        {
            // This plugin set the priority at create. A client that replaces the Pod without those fields keeps
            // them; any real change to them is refused by the Pod's update validation.
            var old = (request.OldObject as V1Pod)?.Spec;
            spec.Priority ??= old?.Priority;
            spec.PreemptionPolicy ??= old?.PreemptionPolicy;
            return;
        }

        string className;
        int priority;
        string? preemptionPolicy;
        if (string.IsNullOrEmpty(spec.PriorityClassName))
        {
            var globalDefault = await GetDefaultPriorityClassAsync(cancellationToken);
            className = globalDefault?.Metadata.Name ?? "";
            priority = globalDefault is null ? DefaultPriorityWhenNoDefaultClassExists : globalDefault.Value ?? 0;
            preemptionPolicy = globalDefault is null ? PreemptLowerPriority : globalDefault.PreemptionPolicy;
        }
        else
        {
            if (await store.GetAsync(PriorityClasses.Definition, null, spec.PriorityClassName, cancellationToken) is not V1PriorityClass found)
            {
                throw Forbidden(pod, $"no PriorityClass with name {spec.PriorityClassName} was found");
            }
            className = found.Metadata.Name;
            priority = found.Value ?? 0;
            preemptionPolicy = found.PreemptionPolicy;
        }

        spec.PriorityClassName = className.Length == 0 ? null : className;
        // A Pod may repeat its class's value but not choose its own: otherwise anyone could jump the queue.
        if (spec.Priority is { } given && given != priority)
        {
            throw Forbidden(pod,
                $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }
        spec.Priority = priority;
        if (preemptionPolicy is not null)
        {
            if (spec.PreemptionPolicy is { } givenPolicy && givenPolicy != preemptionPolicy)
            {
                throw Forbidden(pod,
                    $"the string value of PreemptionPolicy ({givenPolicy}) must not be provided in pod spec; priority admission controller computed {preemptionPolicy} from the given PriorityClass name");
            }
            spec.PreemptionPolicy = preemptionPolicy;
        }
    }

    /// <summary>Validating phase: at most one PriorityClass may be the global default.</summary>
    public async Task ValidateAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (request.Resource != PriorityClasses.Definition || request.Info.Subresource.Length > 0
            || request.Object is not V1PriorityClass { GlobalDefault: true } priorityClass)
        {
            return;
        }
        var current = await GetDefaultPriorityClassAsync(cancellationToken);
        if (current is not null && (request.Operation == AdmissionOperation.Create || current.Metadata.Name != priorityClass.Metadata.Name))
        {
            throw new StatusException(StatusErrors.Forbidden(
                $"priorityclasses.scheduling.k8s.io \"{priorityClass.Metadata.Name}\" is forbidden: PriorityClass {current.Metadata.Name} is already marked as default. Only one default can exist",
                PriorityClasses.Definition.Plural));
        }
    }

    /// <summary>The globalDefault class; should a race have made two, the one with the lowest value, as upstream.</summary>
    private async Task<V1PriorityClass?> GetDefaultPriorityClassAsync(CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(PriorityClasses.Definition, null, LabelSelector.Everything, FieldSelector.Everything, 0, null, cancellationToken);
        return all.Items.Cast<V1PriorityClass>().Where(pc => pc.GlobalDefault == true).MinBy(pc => pc.Value ?? 0);
    }

    private static StatusException Forbidden(V1Pod pod, string reason) =>
        new(StatusErrors.Forbidden($"pods \"{pod.Metadata.Name}\" is forbidden: {reason}", Pods.Definition.Plural));
}
