using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/apimachinery/pkg/apis/meta/v1 (package k8s.io.apimachinery.pkg.apis.meta.v1): the object metadata,
// label selectors and conditions that every group's objects share.
// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] MetaV1Messages() =>
    [
        Define(MetaV1 + "ObjectMeta",
            String(1, "name"),
            String(2, "generateName"),
            String(3, "namespace"),
            String(4, "selfLink"),
            String(5, "uid"),
            String(6, "resourceVersion"),
            Int64(7, "generation"),
            Time(8, "creationTimestamp"),
            Time(9, "deletionTimestamp"),
            Int64(10, "deletionGracePeriodSeconds", KeepZero),
            StringMap(11, "labels"),
            StringMap(12, "annotations"),
            Messages(13, "ownerReferences", MetaV1 + "OwnerReference"),
            Strings(14, "finalizers"),
            Messages(17, "managedFields", MetaV1 + "ManagedFieldsEntry")),
        Define(MetaV1 + "OwnerReference",
            String(1, "kind", Always),
            String(3, "name", Always),
            String(4, "uid", Always),
            String(5, "apiVersion", Always),
            Bool(6, "controller", KeepZero),
            Bool(7, "blockOwnerDeletion", KeepZero)),
        Define(MetaV1 + "ManagedFieldsEntry",
            String(1, "manager"),
            String(2, "operation"),
            String(3, "apiVersion"),
            Time(4, "time"),
            String(6, "fieldsType"),
            RawJson(7, "fieldsV1"),
            String(8, "subresource")),

        // The standard status condition.
        Define(MetaV1 + "Condition",
            String(1, "type", Always),
            String(2, "status", Always),
            Int64(3, "observedGeneration"),
            Time(4, "lastTransitionTime", Always),
            String(5, "reason", Always),
            String(6, "message", Always)),

        // Label and field selectors.
        Define(MetaV1 + "LabelSelector",
            StringMap(1, "matchLabels"),
            Messages(2, "matchExpressions", MetaV1 + "LabelSelectorRequirement")),
        Define(MetaV1 + "LabelSelectorRequirement",
            String(1, "key", Always),
            String(2, "operator", Always),
            Strings(3, "values")),
        Define(MetaV1 + "FieldSelectorRequirement",
            String(1, "key", Always),
            String(2, "operator", Always),
            Strings(3, "values")),
    ];
}
