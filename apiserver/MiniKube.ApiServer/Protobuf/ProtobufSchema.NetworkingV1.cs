using static MiniKube.ApiServer.Protobuf.JsonPresence;

namespace MiniKube.ApiServer.Protobuf;

// k8s.io/api/networking/v1 (package k8s.io.api.networking.v1): Ingresses (kubectl create ingress).
// Concept: https://kubernetes.io/docs/concepts/services-networking/ingress/
internal static partial class ProtobufSchema
{
    private static ProtobufMessage[] NetworkingV1Messages() =>
    [
        Define(NetworkingV1 + "Ingress",
            Message(1, "metadata", MetaV1 + "ObjectMeta"),
            Message(2, "spec", NetworkingV1 + "IngressSpec"),
            Message(3, "status", NetworkingV1 + "IngressStatus")),
        Define(NetworkingV1 + "IngressSpec",
            Message(1, "defaultBackend", NetworkingV1 + "IngressBackend"),
            Messages(2, "tls", NetworkingV1 + "IngressTLS"),
            Messages(3, "rules", NetworkingV1 + "IngressRule"),
            String(4, "ingressClassName", KeepZero)),
        Define(NetworkingV1 + "IngressBackend",
            Message(3, "resource", CoreV1 + "TypedLocalObjectReference"),
            Message(4, "service", NetworkingV1 + "IngressServiceBackend")),
        Define(NetworkingV1 + "IngressServiceBackend",
            String(1, "name", Always),
            Message(2, "port", NetworkingV1 + "ServiceBackendPort")),
        Define(NetworkingV1 + "ServiceBackendPort",
            String(1, "name"),
            Int32(2, "number")),
        Define(NetworkingV1 + "IngressTLS",
            Strings(1, "hosts"),
            String(2, "secretName")),
        Define(NetworkingV1 + "IngressRule",
            String(1, "host"),
            Inline(2, NetworkingV1 + "IngressRuleValue")),
        Define(NetworkingV1 + "IngressRuleValue",
            Message(1, "http", NetworkingV1 + "HTTPIngressRuleValue")),
        Define(NetworkingV1 + "HTTPIngressRuleValue",
            Messages(1, "paths", NetworkingV1 + "HTTPIngressPath", Always)),
        Define(NetworkingV1 + "HTTPIngressPath",
            String(1, "path"),
            Message(2, "backend", NetworkingV1 + "IngressBackend", Always),
            String(3, "pathType", NullWhenUnset)),
        Define(NetworkingV1 + "IngressStatus",
            Message(1, "loadBalancer", NetworkingV1 + "IngressLoadBalancerStatus")),
        Define(NetworkingV1 + "IngressLoadBalancerStatus",
            Messages(1, "ingress", NetworkingV1 + "IngressLoadBalancerIngress")),
        Define(NetworkingV1 + "IngressLoadBalancerIngress",
            String(1, "ip"),
            String(2, "hostname"),
            Messages(4, "ports", NetworkingV1 + "IngressPortStatus")),
        Define(NetworkingV1 + "IngressPortStatus",
            Int32(1, "port", Always),
            String(2, "protocol", Always),
            String(3, "error", KeepZero)),
    ];
}
