using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/apps/v1 (package k8s.io.api.apps.v1): Deployments (kubectl create deployment).
// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] AppsV1Messages() =>
    [
        Define(AppsV1 + "Deployment",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Message(2, "spec", AppsV1 + "DeploymentSpec"),
            Message(3, "status", AppsV1 + "DeploymentStatus")),
        Define(AppsV1 + "DeploymentSpec",
            Int32(1, "replicas", KeepZero),
            Message(2, "selector", MetaV1 + "LabelSelector", NullWhenUnset),
            Message(3, "template", CoreV1 + "PodTemplateSpec", Always),
            Message(4, "strategy", AppsV1 + "DeploymentStrategy"),
            Int32(5, "minReadySeconds"),
            Int32(6, "revisionHistoryLimit", KeepZero),
            Bool(7, "paused"),
            Int32(9, "progressDeadlineSeconds", KeepZero)),
        Define(AppsV1 + "DeploymentStrategy",
            String(1, "type"),
            Message(2, "rollingUpdate", AppsV1 + "RollingUpdateDeployment")),
        Define(AppsV1 + "RollingUpdateDeployment",
            IntOrString(1, "maxUnavailable"),
            IntOrString(2, "maxSurge")),
        Define(AppsV1 + "DeploymentStatus",
            Int64(1, "observedGeneration"),
            Int32(2, "replicas"),
            Int32(3, "updatedReplicas"),
            Int32(4, "availableReplicas"),
            Int32(5, "unavailableReplicas"),
            Messages(6, "conditions", AppsV1 + "DeploymentCondition"),
            Int32(7, "readyReplicas"),
            Int32(8, "collisionCount", KeepZero),
            Int32(9, "terminatingReplicas", KeepZero)),
        Define(AppsV1 + "DeploymentCondition",
            String(1, "type", Always),
            String(2, "status", Always),
            String(4, "reason"),
            String(5, "message"),
            Time(6, "lastUpdateTime"),
            Time(7, "lastTransitionTime")),
    ];
}
