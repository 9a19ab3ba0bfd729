using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/certificates/v1 (package k8s.io.api.certificates.v1): CertificateSigningRequests, which
// kubectl certificate approve|deny sends back with an added condition.
// Concept: https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] CertificatesV1Messages() =>
    [
        Define(CertificatesV1 + "CertificateSigningRequest",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Message(2, "spec", CertificatesV1 + "CertificateSigningRequestSpec", Always),
            Message(3, "status", CertificatesV1 + "CertificateSigningRequestStatus")),
        Define(CertificatesV1 + "CertificateSigningRequestSpec",
            Bytes(1, "request", Always),
            String(2, "username"),
            String(3, "uid"),
            Strings(4, "groups"),
            Strings(5, "usages"),
            StringListMap(6, "extra"),
            String(7, "signerName", Always),
            Int32(8, "expirationSeconds", KeepZero)),
        Define(CertificatesV1 + "CertificateSigningRequestStatus",
            Messages(1, "conditions", CertificatesV1 + "CertificateSigningRequestCondition"),
            Bytes(2, "certificate")),
        Define(CertificatesV1 + "CertificateSigningRequestCondition",
            String(1, "type", Always),
            String(2, "reason"),
            String(3, "message"),
            Time(4, "lastUpdateTime"),
            Time(5, "lastTransitionTime"),
            String(6, "status", Always)),
    ];
}
