using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/scheduling/v1 (package k8s.io.api.scheduling.v1): PriorityClasses (kubectl create priorityclass).
// Concept: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] SchedulingV1Messages() =>
    [
        Define(SchedulingV1 + "PriorityClass",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Int32(2, "value", Always),
            Bool(3, "globalDefault"),
            String(4, "description"),
            String(5, "preemptionPolicy", KeepZero)),
    ];
}
