using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/authorization/v1 (package k8s.io.api.authorization.v1): SelfSubjectAccessReview, the question
// "may I ...?" that kubectl auth can-i asks.
// Concept: https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] AuthorizationV1Messages() =>
    [
        Define(AuthorizationV1 + "SelfSubjectAccessReview",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Message(2, "spec", AuthorizationV1 + "SelfSubjectAccessReviewSpec", Always),
            Message(3, "status", AuthorizationV1 + "SubjectAccessReviewStatus")),
        Define(AuthorizationV1 + "SelfSubjectAccessReviewSpec",
            Message(1, "resourceAttributes", AuthorizationV1 + "ResourceAttributes"),
            Message(2, "nonResourceAttributes", AuthorizationV1 + "NonResourceAttributes")),
        Define(AuthorizationV1 + "ResourceAttributes",
            String(1, "namespace"),
            String(2, "verb"),
            String(3, "group"),
            String(4, "version"),
            String(5, "resource"),
            String(6, "subresource"),
            String(7, "name"),
            Message(8, "fieldSelector", AuthorizationV1 + "FieldSelectorAttributes"),
            Message(9, "labelSelector", AuthorizationV1 + "LabelSelectorAttributes")),
        Define(AuthorizationV1 + "FieldSelectorAttributes",
            String(1, "rawSelector"),
            Messages(2, "requirements", MetaV1 + "FieldSelectorRequirement")),
        Define(AuthorizationV1 + "LabelSelectorAttributes",
            String(1, "rawSelector"),
            Messages(2, "requirements", MetaV1 + "LabelSelectorRequirement")),
        Define(AuthorizationV1 + "NonResourceAttributes",
            String(1, "path"),
            String(2, "verb")),
        Define(AuthorizationV1 + "SubjectAccessReviewStatus",
            Bool(1, "allowed", Always),
            String(2, "reason"),
            String(3, "evaluationError"),
            Bool(4, "denied")),
    ];
}
