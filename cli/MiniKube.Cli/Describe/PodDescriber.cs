using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Describe;

/// <summary>
/// <c>describe pod</c>: where the Pod runs, why it is in its phase, each container's state, and the Events that tell
/// its story (Scheduled, Pulling, Created, Started…), in the layout of kubectl's pod describer.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/
/// </summary>
public sealed class PodDescriber : IDescriber
{
    public async Task<string> DescribeAsync(ApiClient client, JsonObject obj, CancellationToken cancellationToken)
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(obj.ToJsonString());
        // Like kubectl, pod events are matched without the kind, so events recorded against a mirror pod still show.
        var events = await EventsSection.SearchAsync(client, pod.Metadata.NamespaceProperty,
            EventsSection.InvolvedObject(pod.Metadata, kind: null), cancellationToken);

        var spec = pod.Spec;
        var status = pod.Status ?? new V1PodStatus();
        var w = new DescribeWriter();
        w.Line(0, $"Name:\t{pod.Metadata.Name}");
        w.Line(0, $"Namespace:\t{pod.Metadata.NamespaceProperty}");
        if (spec.Priority is { } priority) w.Line(0, $"Priority:\t{priority}");
        if (!string.IsNullOrEmpty(spec.PriorityClassName)) w.Line(0, $"Priority Class Name:\t{spec.PriorityClassName}");
        if (!string.IsNullOrEmpty(spec.RuntimeClassName)) w.Line(0, $"Runtime Class Name:\t{spec.RuntimeClassName}");
        if (!string.IsNullOrEmpty(spec.ServiceAccountName)) w.Line(0, $"Service Account:\t{spec.ServiceAccountName}");
        // "Node: <none>" means the scheduler has not bound the pod yet.
        w.Line(0, string.IsNullOrEmpty(spec.NodeName) ? "Node:\t<none>" : $"Node:\t{spec.NodeName}/{status.HostIP}");
        if (status.StartTime is { } started) w.Line(0, $"Start Time:\t{DescribeWriter.Time(started)}");
        w.LabelsMultiline("Labels", pod.Metadata.Labels);
        w.AnnotationsMultiline("Annotations", pod.Metadata.Annotations);
        if (pod.Metadata.DeletionTimestamp is { } deleting && status.Phase is not ("Failed" or "Succeeded"))
        {
            w.Line(0, $"Status:\tTerminating (lasts {Printing.HumanDuration.Since(deleting)})");
            w.Line(0, $"Termination Grace Period:\t{pod.Metadata.DeletionGracePeriodSeconds ?? 0}s");
        }
        else
        {
            w.Line(0, $"Status:\t{status.Phase}");
        }
        if (!string.IsNullOrEmpty(status.Reason)) w.Line(0, $"Reason:\t{status.Reason}");
        if (!string.IsNullOrEmpty(status.Message)) w.Line(0, $"Message:\t{status.Message}");
        w.Line(0, $"IP:\t{status.PodIP}");
        if (status.PodIPs is { Count: > 0 } ips)
        {
            w.Line(0, "IPs:");
            foreach (var ip in ips) w.Line(1, $"IP:\t{ip.Ip}");
        }
        else
        {
            w.Line(0, "IPs:\t<none>");
        }
        if (pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } owner)
        {
            w.Line(0, $"Controlled By:\t{owner.Kind}/{owner.Name}");
        }
        if (!string.IsNullOrEmpty(status.NominatedNodeName)) w.Line(0, $"NominatedNodeName:\t{status.NominatedNodeName}");

        if (spec.InitContainers is { Count: > 0 })
        {
            ContainerSection.WriteContainers(w, "Init Containers", spec.InitContainers, status.InitContainerStatuses, space: "");
        }
        ContainerSection.WriteContainers(w, "Containers", spec.Containers, status.ContainerStatuses, space: "");
        if (status.Conditions is { Count: > 0 } conditions)
        {
            w.Line(0, "Conditions:");
            w.Line(1, "Type\tStatus");
            foreach (var condition in conditions) w.Line(1, $"{condition.Type} \t{condition.Status} ");
        }
        ContainerSection.WriteVolumes(w, spec.Volumes, space: "");
        w.Line(0, $"QoS Class:\t{status.QosClass ?? QosClass(spec)}");
        w.LabelsMultiline("Node-Selectors", spec.NodeSelector);
        ContainerSection.WriteTolerations(w, "Tolerations", spec.Tolerations);
        EventsSection.Write(w, events);
        return w.ToString();
    }

    /// <summary>
    /// The Pod's quality-of-service class, for servers that do not fill <c>status.qosClass</c>: BestEffort without any
    /// requests or limits, Guaranteed when every container's cpu and memory limits equal its requests, else Burstable.
    /// Concept: https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
    /// </summary>
    internal static string QosClass(V1PodSpec spec)
    {
        var containers = (spec.InitContainers ?? []).Concat(spec.Containers ?? []).ToList();
        if (containers.All(c => (c.Resources?.Requests?.Count ?? 0) == 0 && (c.Resources?.Limits?.Count ?? 0) == 0)) return "BestEffort";
        var guaranteed = containers.All(c => new[] { "cpu", "memory" }.All(resource =>
        {
            var limit = c.Resources?.Limits?.TryGetValue(resource, out var l) == true ? l : null;
            // A request left out defaults to the limit.
            var request = c.Resources?.Requests?.TryGetValue(resource, out var r) == true ? r : limit;
            return limit is not null && request is not null && limit.ToDecimal() == request.ToDecimal();
        }));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
