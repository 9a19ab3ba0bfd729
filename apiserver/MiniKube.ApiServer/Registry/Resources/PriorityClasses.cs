using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// PriorityClasses: named priorities for Pods; the scheduler preempts lower-priority Pods to place higher ones.
/// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
/// </summary>
public static class PriorityClasses
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "scheduling.k8s.io",
        Kind = "PriorityClass",
        Plural = "priorityclasses",
        Namespaced = false,
        ModelType = typeof(V1PriorityClass),
        ListModelType = typeof(V1PriorityClassList),
        ShortNames = ["pc"],
        Strategy = new PriorityClassStrategy(),
        Columns =
        [
            NameColumn(),
            Integer("Value", "Value is the integer value of this priority class.", ForInt<V1PriorityClass>(p => p.Value ?? 0)),
            Text("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as the default priority.",
                For<V1PriorityClass>(p => p.GlobalDefault == true ? "true" : "false")),
            Text("Preemption Policy", "preemptionPolicy is the Policy for preempting pods with lower priority.",
                For<V1PriorityClass>(p => p.PreemptionPolicy ?? "PreemptLowerPriority")),
            AgeColumn(),
        ],
    };

    private sealed class PriorityClassStrategy : ResourceStrategy
    {
        // Upstream defaults a class's preemptionPolicy, so Pods of any class get one from the Priority admission plugin.
        public override void ApplyDefaults(IKubernetesObject<V1ObjectMeta> obj) =>
            ((V1PriorityClass)obj).PreemptionPolicy ??= "PreemptLowerPriority";

        public override IEnumerable<FieldError> Validate(IKubernetesObject<V1ObjectMeta> obj)
        {
            var priorityClass = (V1PriorityClass)obj;
            // Upstream reserves values above one billion for the system's own classes.
            if (priorityClass.Value > 1_000_000_000 && !priorityClass.Metadata.Name.StartsWith("system-", StringComparison.Ordinal))
            {
                yield return FieldError.Forbidden("value", "maximum allowed value of a user defined priority is 1000000000");
            }
        }

        public override IEnumerable<FieldError> ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
        {
            if (((V1PriorityClass)obj).Value != ((V1PriorityClass)old).Value) yield return FieldError.Forbidden("value", "may not be changed in an update.");
        }
    }
}
