using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/policy/v1 (package k8s.io.api.policy.v1): PodDisruptionBudgets (kubectl create poddisruptionbudget).
// Concept: https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] PolicyV1Messages() =>
    [
        Define(PolicyV1 + "PodDisruptionBudget",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Message(2, "spec", PolicyV1 + "PodDisruptionBudgetSpec"),
            Message(3, "status", PolicyV1 + "PodDisruptionBudgetStatus")),
        Define(PolicyV1 + "PodDisruptionBudgetSpec",
            IntOrString(1, "minAvailable"),
            Message(2, "selector", MetaV1 + "LabelSelector"),
            IntOrString(3, "maxUnavailable"),
            String(4, "unhealthyPodEvictionPolicy", KeepZero)),
        Define(PolicyV1 + "PodDisruptionBudgetStatus",
            Int64(1, "observedGeneration"),
            Int32(3, "disruptionsAllowed", Always),
            Int32(4, "currentHealthy", Always),
            Int32(5, "desiredHealthy", Always),
            Int32(6, "expectedPods", Always),
            Messages(7, "conditions", MetaV1 + "Condition")),
    ];
}
