using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/authentication/v1 (package k8s.io.api.authentication.v1): TokenRequest (kubectl create token)
// and SelfSubjectReview (kubectl auth whoami).
// Concept: https://kubernetes.io/docs/reference/access-authn-authz/authentication/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] AuthenticationV1Messages() =>
    [
        Define(AuthenticationV1 + "TokenRequest",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Message(2, "spec", AuthenticationV1 + "TokenRequestSpec", Always),
            Message(3, "status", AuthenticationV1 + "TokenRequestStatus")),
        Define(AuthenticationV1 + "TokenRequestSpec",
            Strings(1, "audiences", Always),
            Message(3, "boundObjectRef", AuthenticationV1 + "BoundObjectReference", NullWhenUnset),
            Int64(4, "expirationSeconds", NullWhenUnset)),
        Define(AuthenticationV1 + "BoundObjectReference",
            String(1, "kind"),
            String(2, "apiVersion"),
            String(3, "name"),
            String(4, "uid")),
        Define(AuthenticationV1 + "TokenRequestStatus",
            String(1, "token", Always),
            Time(2, "expirationTimestamp", Always)),

        // kubectl auth whoami.
        Define(AuthenticationV1 + "SelfSubjectReview",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Message(2, "status", AuthenticationV1 + "SelfSubjectReviewStatus")),
        Define(AuthenticationV1 + "SelfSubjectReviewStatus",
            Message(1, "userInfo", AuthenticationV1 + "UserInfo")),
        Define(AuthenticationV1 + "UserInfo",
            String(1, "username"),
            String(2, "uid"),
            Strings(3, "groups"),
            StringListMap(4, "extra")),
    ];
}
