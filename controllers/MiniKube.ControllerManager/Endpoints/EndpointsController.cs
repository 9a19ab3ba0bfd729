using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ControllerManager.Pods;

namespace MiniKube.ControllerManager.Endpoints;

/// <summary>
/// The endpoints controller: for every Service with a selector, an Endpoints object of the same name listing the
/// IPs of the Pods the selector matches: Ready pods under <c>addresses</c> (traffic goes there), the others under
/// <c>notReadyAddresses</c>, with the Service's ports resolved against each Pod (a named targetPort is looked up in
/// the Pod's container ports). kube-proxy and DNS read these. Services without a selector (and the API server's own
/// <c>kubernetes</c> Service) are left to whoever manages their Endpoints.
/// Concept: https://kubernetes.io/docs/concepts/services-networking/service/#endpoints
/// Upstream difference: no EndpointSlices (the endpointslice controller), no hostname/subdomain records, no
/// over-capacity truncation at 1000 addresses.
/// </summary>
public sealed partial class EndpointsController : Controller
{
    public const string ControllerName = "endpoints-controller";
    public const string LastChangeTriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";
    public const string HeadlessServiceLabel = "service.kubernetes.io/headless";

    private readonly Kubernetes _client;
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Endpoints> _endpoints;
    private readonly ILogger _logger;

    public EndpointsController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<EndpointsController>())
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger<EndpointsController>();
        _services = context.Informers.InformerFor<V1Service>();
        _pods = context.Informers.InformerFor<V1Pod>();
        _endpoints = context.Informers.InformerFor<V1Endpoints>();
        _services.AddEventHandler(new ResourceEventHandler<V1Service>
        {
            OnAdd = s => Queue.Add(MetaNamespaceKey.For(s)),
            OnUpdate = (_, s) => Queue.Add(MetaNamespaceKey.For(s)),
            OnDelete = s => Queue.Add(MetaNamespaceKey.For(s)),
        });
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = EnqueueServicesOf,
            // Both the old and the new labels: a pod whose labels changed must leave the old services' Endpoints.
            OnUpdate = (old, pod) =>
            {
                EnqueueServicesOf(pod);
                if (!LabelsEqual(old.Metadata.Labels, pod.Metadata.Labels)) EnqueueServicesOf(old);
            },
            OnDelete = EnqueueServicesOf,
        });
        _endpoints.AddEventHandler(new ResourceEventHandler<V1Endpoints>
        {
            // Someone changed or deleted "our" Endpoints: put it back the way the Service says.
            OnUpdate = (_, e) => Queue.Add(MetaNamespaceKey.For(e)),
            OnDelete = e => Queue.Add(MetaNamespaceKey.For(e)),
        });
    }

    protected override Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _services.WaitForCacheSyncAsync(cancellationToken), _pods.WaitForCacheSyncAsync(cancellationToken),
        _endpoints.WaitForCacheSyncAsync(cancellationToken));

    private void EnqueueServicesOf(V1Pod pod)
    {
        foreach (var service in _services.Indexer.ByIndex(Indexers.Namespace, pod.Metadata.NamespaceProperty))
        {
            if (service.Spec?.Selector is { Count: > 0 } selector && Matches(selector, pod.Metadata.Labels)) Queue.Add(MetaNamespaceKey.For(service));
        }
    }

    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = MetaNamespaceKey.Split(key);
        var service = _services.Indexer.GetByKey(key);
        if (service is null)
        {
            // The Service is gone: its Endpoints go with it.
            if (_endpoints.Indexer.GetByKey(key) is null) return;
            try
            {
                await _client.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, cancellationToken: cancellationToken);
                Log.Deleted(_logger, key);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex)) { }
            return;
        }
        // No selector: the Endpoints are managed by someone else (the API server for "kubernetes", or the user).
        if (service.Spec?.Selector is not { Count: > 0 } selector) return;

        var (subsets, triggerTime) = ComputeSubsets(service, selector);
        var current = _endpoints.Indexer.GetByKey(key);
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>());
        if (service.Spec.ClusterIP == "None") labels[HeadlessServiceLabel] = "";
        if (current is not null && SubsetsEqual(current.Subsets, subsets) && LabelsEqual(current.Metadata.Labels, labels)) return;

        var annotations = new Dictionary<string, string>(current?.Metadata.Annotations ?? new Dictionary<string, string>());
        if (triggerTime is { } t) annotations[LastChangeTriggerTimeAnnotation] = t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        else annotations.Remove(LastChangeTriggerTimeAnnotation);
        var endpoints = new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = labels,
                Annotations = annotations,
                ResourceVersion = current?.Metadata.ResourceVersion,
            },
            Subsets = subsets,
        };
        // Create or update: a stale resourceVersion is a 409, and the key comes back with the newer cache.
        if (current is null) await _client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, ns, cancellationToken: cancellationToken);
        else await _client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, name, ns, cancellationToken: cancellationToken);
        Log.Updated(_logger, key, subsets.Sum(s => s.Addresses?.Count ?? 0), subsets.Sum(s => s.NotReadyAddresses?.Count ?? 0));
    }

    /// <summary>
    /// The subsets for a Service: each matching Pod that has an IP and is not terminating, with the ports it
    /// serves; pods serving the same ports share a subset (upstream: RepackSubsets). Also the newest change among
    /// them, for the last-change-trigger-time annotation.
    /// </summary>
    private (List<V1EndpointSubset> Subsets, DateTime? TriggerTime) ComputeSubsets(V1Service service, IDictionary<string, string> selector)
    {
        var groups = new Dictionary<string, (List<Corev1EndpointPort> Ports, List<V1EndpointAddress> Ready, List<V1EndpointAddress> NotReady)>(StringComparer.Ordinal);
        DateTime? trigger = service.Metadata.CreationTimestamp;
        foreach (var pod in _pods.Indexer.ByIndex(Indexers.Namespace, service.Metadata.NamespaceProperty))
        {
            if (!Matches(selector, pod.Metadata.Labels) || !ShouldPodBeInEndpoints(pod)) continue;
            var ports = new List<Corev1EndpointPort>();
            foreach (var servicePort in service.Spec.Ports ?? [])
            {
                // A Pod that does not expose a named targetPort cannot serve that port: it is left out of it.
                if (FindPort(pod, servicePort) is not { } number) continue;
                ports.Add(new Corev1EndpointPort { Name = servicePort.Name, Port = number, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol });
            }
            if (ports.Count == 0 && service.Spec.Ports is { Count: > 0 }) continue;
            var address = new V1EndpointAddress
            {
                Ip = pod.Status.PodIP,
                NodeName = pod.Spec?.NodeName,
                TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            };
            var signature = string.Join(";", ports.Select(p => $"{p.Name}/{p.Port}/{p.Protocol}"));
            if (!groups.TryGetValue(signature, out var group)) groups[signature] = group = (ports, [], []);
            if (service.Spec.PublishNotReadyAddresses == true || PodConditions.IsPodReady(pod)) group.Ready.Add(address);
            else group.NotReady.Add(address);
            var changed = PodLastChange(pod);
            if (changed > trigger) trigger = changed;
        }
        var subsets = groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new V1EndpointSubset
        {
            Addresses = g.Value.Ready.Count == 0 ? null : [.. g.Value.Ready.OrderBy(a => a.Ip, StringComparer.Ordinal)],
            NotReadyAddresses = g.Value.NotReady.Count == 0 ? null : [.. g.Value.NotReady.OrderBy(a => a.Ip, StringComparer.Ordinal)],
            Ports = g.Value.Ports.Count == 0 ? null : g.Value.Ports,
        }).ToList();
        return (subsets, trigger);
    }

    /// <summary>Upstream ShouldPodBeInEndpoints: running or pending pods with an IP, not terminating.</summary>
    private static bool ShouldPodBeInEndpoints(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && !string.IsNullOrEmpty(pod.Status?.PodIP) && pod.Metadata.DeletionTimestamp is null;

    private static DateTime? PodLastChange(V1Pod pod) =>
        PodConditions.GetPodReadyCondition(pod)?.LastTransitionTime ?? pod.Metadata.CreationTimestamp;

    /// <summary>The Pod's port for a Service port (upstream FindPort): a number as is, a name through the containers' ports.</summary>
    private static int? FindPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort;
        if (target is null) return servicePort.Port;
        if (int.TryParse(target.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.Name == target.Value && (port.Protocol ?? "TCP") == (servicePort.Protocol ?? "TCP")) return port.ContainerPort;
            }
        }
        return null;
    }

    private static bool Matches(IDictionary<string, string> selector, IDictionary<string, string>? labels) =>
        LabelSelector.FromV1(new V1LabelSelector { MatchLabels = selector }).Matches(labels);

    private static bool LabelsEqual(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, string>()).All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static bool SubsetsEqual(IList<V1EndpointSubset>? current, List<V1EndpointSubset> wanted) =>
        KubernetesJson.Serialize(current ?? []) == KubernetesJson.Serialize(wanted);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2811, Level = LogLevel.Information, Message = "Updated Endpoints {Key}: {Ready} ready, {NotReady} not ready addresses")]
        public static partial void Updated(ILogger logger, string key, int ready, int notReady);

        [LoggerMessage(EventId = 2812, Level = LogLevel.Information, Message = "Deleted Endpoints {Key}: its Service is gone")]
        public static partial void Deleted(ILogger logger, string key);
    }
}
