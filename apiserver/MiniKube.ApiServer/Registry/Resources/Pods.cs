using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Validation;
using static MiniKube.ApiServer.Registry.TableColumn;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// Pods: the smallest deployable unit, one or more containers sharing a network namespace. The scheduler binds
/// them to nodes through the pods/binding subresource; the kubelet reports through pods/status.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/
/// </summary>
public static class Pods
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Kind = "Pod",
        Plural = "pods",
        Namespaced = true,
        ModelType = typeof(V1Pod),
        ListModelType = typeof(V1PodList),
        ShortNames = ["po"],
        Categories = ["all"],
        Subresources = ["status", "binding"],
        Strategy = new PodStrategy(),
        Columns =
        [
            NameColumn(),
            Text("Ready", "The aggregate readiness state of this pod for accepting traffic.", For<V1Pod>(Ready)),
            Text("Status", "The aggregate status of the containers in this pod.", For<V1Pod>(Status)),
            Integer("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
                ForInt<V1Pod>(p => p.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0)),
            AgeColumn(),
            Text("IP", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
                For<V1Pod>(p => p.Status?.PodIP ?? "<none>"), 1),
            Text("Node", "NodeName is a request to schedule this pod onto a specific node.", For<V1Pod>(p => p.Spec?.NodeName ?? "<none>"), 1),
            Text("Nominated Node", "nominatedNodeName is set when this pod preempts other pods on the node.",
                For<V1Pod>(p => p.Status?.NominatedNodeName ?? "<none>"), 1),
            Text("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", For<V1Pod>(ReadinessGates), 1),
        ],
        SelectableFields = new Dictionary<string, Func<IKubernetesObject<V1ObjectMeta>, string?>>
        {
            ["spec.nodeName"] = o => (o as V1Pod)?.Spec?.NodeName,
            ["spec.restartPolicy"] = o => (o as V1Pod)?.Spec?.RestartPolicy,
            ["spec.schedulerName"] = o => (o as V1Pod)?.Spec?.SchedulerName,
            ["spec.serviceAccountName"] = o => (o as V1Pod)?.Spec?.ServiceAccountName,
            ["spec.hostNetwork"] = o => ((o as V1Pod)?.Spec?.HostNetwork ?? false) ? "true" : "false",
            ["status.phase"] = o => (o as V1Pod)?.Status?.Phase,
            ["status.podIP"] = o => (o as V1Pod)?.Status?.PodIP,
            ["status.nominatedNodeName"] = o => (o as V1Pod)?.Status?.NominatedNodeName,
        },
    };

    private static string Ready(V1Pod pod) =>
        $"{pod.Status?.ContainerStatuses?.Count(c => c.Ready) ?? 0}/{pod.Spec?.Containers?.Count ?? 0}";

    /// <summary>The STATUS column: the phase, overridden by the most telling container reason, as kubectl shows it.</summary>
    private static string Status(V1Pod pod)
    {
        var reason = pod.Status?.Reason ?? pod.Status?.Phase ?? "Pending";
        foreach (var container in pod.Status?.ContainerStatuses ?? [])
        {
            if (container.State?.Waiting?.Reason is { Length: > 0 } waiting) reason = waiting;
            else if (container.State?.Terminated?.Reason is { Length: > 0 } terminated) reason = terminated;
            else if (container.State?.Terminated is { } t) reason = t.Signal is > 0 ? $"Signal:{t.Signal}" : $"ExitCode:{t.ExitCode}";
        }
        if (pod.Metadata.DeletionTimestamp is not null) reason = pod.Status?.Reason == "NodeLost" ? "Unknown" : "Terminating";
        return reason;
    }

    private static string ReadinessGates(V1Pod pod)
    {
        var gates = pod.Spec?.ReadinessGates;
        if (gates is not { Count: > 0 }) return "<none>";
        var ready = gates.Count(g => pod.Status?.Conditions?.Any(c => c.Type == g.ConditionType && c.Status == "True") == true);
        return $"{ready}/{gates.Count}";
    }

    /// <summary>Pod-specific create/update rules: a new Pod starts Pending; most of its spec is immutable.</summary>
    private sealed class PodStrategy : ResourceStrategy
    {
        public override void PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj, bool hasStatusSubresource)
        {
            base.PrepareForCreate(obj, hasStatusSubresource);
            var pod = (V1Pod)obj;
            pod.Status = new V1PodStatus { Phase = "Pending", QosClass = QosClass(pod.Spec) };
            pod.Metadata.Generation = 1;
        }

        public override void ApplyDefaults(IKubernetesObject<V1ObjectMeta> obj)
        {
            var spec = ((V1Pod)obj).Spec;
            PodSpecDefaults.Apply(spec);
            if (spec is null) return;
            // Pods (not templates) also get what an admission plugin adds upstream: the service account.
            // spec.priority is not defaulted here: the Priority admission plugin resolves it from the PriorityClass
            // and must see whether the client set it.
            spec.ServiceAccountName ??= "default";
            spec.EnableServiceLinks ??= true;
            spec.Tolerations ??= [];
        }

        public override IEnumerable<FieldError> Validate(IKubernetesObject<V1ObjectMeta> obj) =>
            PodSpecValidation.Validate(((V1Pod)obj).Spec, "spec");

        public override IEnumerable<FieldError> ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
        {
            var pod = (V1Pod)obj;
            var oldPod = (V1Pod)old;
            // Upstream: a pod's spec is immutable except container images, activeDeadlineSeconds and added tolerations.
            // Compare the specs with the images taken from the old pod.
            var probe = KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(pod.Spec));
            for (var i = 0; i < Math.Min(probe.Containers?.Count ?? 0, oldPod.Spec?.Containers?.Count ?? 0); i++)
            {
                probe.Containers![i].Image = oldPod.Spec!.Containers[i].Image;
            }
            probe.ActiveDeadlineSeconds = oldPod.Spec?.ActiveDeadlineSeconds;
            probe.Tolerations = oldPod.Spec?.Tolerations;
            if (!JsonEquals(probe, oldPod.Spec))
            {
                yield return FieldError.Forbidden("spec",
                    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
            }
        }

        /// <summary>Quality of service class: Guaranteed when every container's limits equal its requests, BestEffort when none are set.</summary>
        private static string QosClass(V1PodSpec? spec)
        {
            var containers = spec?.Containers ?? [];
            var any = containers.Any(c => c.Resources?.Requests?.Count > 0 || c.Resources?.Limits?.Count > 0);
            if (!any) return "BestEffort";
            var guaranteed = containers.All(c =>
                c.Resources?.Limits is { } limits && limits.ContainsKey("cpu") && limits.ContainsKey("memory") &&
                (c.Resources.Requests is null || c.Resources.Requests.All(r => limits.TryGetValue(r.Key, out var l) && l.ToDecimal() == r.Value.ToDecimal())));
            return guaranteed ? "Guaranteed" : "Burstable";
        }
    }
}
