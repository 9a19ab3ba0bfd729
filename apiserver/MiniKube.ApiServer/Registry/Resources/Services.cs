using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Services: a stable virtual IP and DNS name in front of the Pods a selector picks.
/// Concept: https://kubernetes.io/docs/concepts/services-networking/service/
/// </summary>
public static class Services
{
    private static readonly string[] Types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

    /// <summary>The Services resource, whose ClusterIPs come from <paramref name="allocator"/>.</summary>
    public static ResourceDefinition Create(ServiceIPAllocator allocator) => Definition with { Strategy = new ServiceStrategy(allocator) };

    /// <summary>The Services resource with the upstream default range (--service-cluster-ip-range=10.0.0.0/24).</summary>
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "Service",
        Plural = "services",
        Namespaced = true,
        ModelType = typeof(V1Service),
        ListModelType = typeof(V1ServiceList),
        ShortNames = ["svc"],
        Categories = ["all"],
        Subresources = ["status"],
        Strategy = new ServiceStrategy(new ServiceIPAllocator("10.0.0.0/24")),
        Columns =
        [
            NameColumn(),
            Text("Type", "The type of the service.", For<V1Service>(s => s.Spec?.Type ?? "ClusterIP")),
            Text("Cluster-IP", "The cluster IP of the service.", For<V1Service>(s => string.IsNullOrEmpty(s.Spec?.ClusterIP) ? "<none>" : s.Spec.ClusterIP)),
            Text("External-IP", "The external IP of the service.", For<V1Service>(ExternalIp)),
            Text("Port(s)", "The ports of the service.", For<V1Service>(Ports)),
            AgeColumn(),
            Text("Selector", "Route service traffic to pods with label keys and values matching this selector.",
                For<V1Service>(s => s.Spec?.Selector is { Count: > 0 } sel ? string.Join(",", sel.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) : "<none>"), 1),
        ],
    };

    private static string ExternalIp(V1Service s)
    {
        if (s.Spec?.Type == "ExternalName") return s.Spec.ExternalName ?? "<none>";
        var ips = (s.Spec?.ExternalIPs ?? []).Concat(s.Status?.LoadBalancer?.Ingress?.Select(i => i.Ip ?? i.Hostname) ?? []).ToList();
        if (ips.Count > 0) return string.Join(",", ips);
        return s.Spec?.Type == "LoadBalancer" ? "<pending>" : "<none>";
    }

    private static string Ports(V1Service s)
    {
        var ports = s.Spec?.Ports ?? [];
        if (ports.Count == 0) return "<none>";
        return string.Join(",", ports.Select(p => p.NodePort is > 0 ? $"{p.Port}:{p.NodePort}/{p.Protocol ?? "TCP"}" : $"{p.Port}/{p.Protocol ?? "TCP"}"));
    }

    private sealed class ServiceStrategy(ServiceIPAllocator allocator) : ResourceStrategy
    {
        public override bool NameIsLabel => true;

        public override Task BeforeCreateAsync(IKubernetesObject<V1ObjectMeta> obj, RegistryStore store, CancellationToken cancellationToken) =>
            allocator.AllocateAsync((V1Service)obj, store, cancellationToken);

        public override void PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj, bool hasStatusSubresource)
        {
            base.PrepareForCreate(obj, hasStatusSubresource);
            var service = (V1Service)obj;
            service.Spec ??= new V1ServiceSpec();
            service.Spec.Type ??= "ClusterIP";
            service.Spec.SessionAffinity ??= "None";
            foreach (var port in service.Spec.Ports ?? [])
            {
                port.Protocol ??= "TCP";
                port.TargetPort ??= port.Port;
            }
            service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus() };
        }

        public override IEnumerable<FieldError> Validate(IKubernetesObject<V1ObjectMeta> obj)
        {
            var spec = ((V1Service)obj).Spec;
            if (spec?.Type is { } type && !Types.Contains(type)) yield return FieldError.NotSupported("spec.type", type, Types);
            if (spec?.Type != "ExternalName" && spec?.Ports is not { Count: > 0 }) yield return FieldError.Required("spec.ports");
            var names = new HashSet<string>();
            for (var i = 0; i < (spec?.Ports?.Count ?? 0); i++)
            {
                var port = spec!.Ports![i];
                if (port.Port is < 1 or > 65535) yield return FieldError.Invalid($"spec.ports[{i}].port", port.Port, "must be between 1 and 65535, inclusive");
                if (spec.Ports.Count > 1 && string.IsNullOrEmpty(port.Name)) yield return FieldError.Required($"spec.ports[{i}].name");
                else if (!string.IsNullOrEmpty(port.Name) && !names.Add(port.Name)) yield return FieldError.Duplicate($"spec.ports[{i}].name", port.Name);
            }
        }

        public override IEnumerable<FieldError> ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
        {
            var oldIp = ((V1Service)old).Spec?.ClusterIP;
            var newIp = ((V1Service)obj).Spec?.ClusterIP;
            if (!string.IsNullOrEmpty(oldIp) && !string.IsNullOrEmpty(newIp) && oldIp != newIp) yield return FieldError.Immutable("spec.clusterIPs[0]");
        }

        public override void PrepareForUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, bool hasStatusSubresource)
        {
            base.PrepareForUpdate(obj, old, hasStatusSubresource);
            var service = (V1Service)obj;
            var previous = (V1Service)old;
            // A client that leaves clusterIP out (e.g. a re-apply) keeps the one the server allocated.
            if (service.Spec is not null && string.IsNullOrEmpty(service.Spec.ClusterIP))
            {
                service.Spec.ClusterIP = previous.Spec?.ClusterIP;
                service.Spec.ClusterIPs = previous.Spec?.ClusterIPs;
            }
        }
    }
}
