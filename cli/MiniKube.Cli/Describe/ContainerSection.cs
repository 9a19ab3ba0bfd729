using k8s.Models;
using MiniKube.ApiMachinery.Labels;

namespace MiniKube.Cli.Describe;

/// <summary>
/// The parts of a Pod's description that the "Pod Template" of a Deployment or ReplicaSet repeats: containers (image,
/// ports, command, state, resources, probes, environment, mounts), volumes and tolerations.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates
/// </summary>
public static class ContainerSection
{
    /// <summary>
    /// "Containers:" and one block per container. <paramref name="space"/> is "" for a Pod and "  " inside a pod template,
    /// where kubectl also shifts the container names by one extra space.
    /// </summary>
    public static void WriteContainers(DescribeWriter w, string label, IList<V1Container>? containers, IList<V1ContainerStatus>? statuses, string space)
    {
        containers ??= [];
        w.Line(0, $"{space}{label}:{(containers.Count == 0 ? " <none>" : "")}");
        foreach (var container in containers)
        {
            var status = statuses?.FirstOrDefault(s => s.Name == container.Name);
            w.Line(1, $"{(space.Length > 0 ? " " : "")}{container.Name}:");
            if (status is not null) w.Line(2, $"Container ID:\t{status.ContainerID}");
            w.Line(2, $"Image:\t{container.Image}");
            if (status is not null) w.Line(2, $"Image ID:\t{status.ImageID}");
            WritePorts(w, container.Ports);
            WriteCommand(w, "Command", container.Command);
            WriteCommand(w, "Args", container.Args);
            if (status is not null)
            {
                WriteState(w, "State", status.State);
                if (status.LastState?.Terminated is not null) WriteState(w, "Last State", status.LastState);
                w.Line(2, $"Ready:\t{(status.Ready ? "True" : "False")}");
                w.Line(2, $"Restart Count:\t{status.RestartCount}");
            }
            WriteResources(w, container.Resources);
            WriteProbe(w, "Liveness", container.LivenessProbe);
            WriteProbe(w, "Readiness", container.ReadinessProbe);
            WriteProbe(w, "Startup", container.StartupProbe);
            WriteEnvironment(w, container.Env);
            WriteMounts(w, container.VolumeMounts);
        }
    }

    private static void WritePorts(DescribeWriter w, IList<V1ContainerPort>? ports)
    {
        // The protocol is printed as stored; the API server defaults it to TCP.
        var containerPorts = string.Join(", ", (ports ?? []).Select(p => $"{p.ContainerPort}/{p.Protocol}"));
        var hostPorts = string.Join(", ", (ports ?? []).Select(p => $"{p.HostPort ?? 0}/{p.Protocol}"));
        w.Field(2, containerPorts.Contains(',', StringComparison.Ordinal) ? "Ports" : "Port", containerPorts);
        w.Field(2, hostPorts.Contains(',', StringComparison.Ordinal) ? "Host Ports" : "Host Port", hostPorts);
    }

    private static void WriteCommand(DescribeWriter w, string label, IList<string>? words)
    {
        if (words is null || words.Count == 0) return;
        w.Line(2, $"{label}:");
        foreach (var line in words.SelectMany(word => word.Split('\n'))) w.Line(3, line);
    }

    private static void WriteState(DescribeWriter w, string label, V1ContainerState? state)
    {
        if (state?.Running is { } running)
        {
            w.Line(2, $"{label}:\tRunning");
            w.Line(3, $"Started:\t{DescribeWriter.Time(running.StartedAt)}");
        }
        else if (state?.Terminated is { } terminated)
        {
            w.Line(2, $"{label}:\tTerminated");
            if (!string.IsNullOrEmpty(terminated.Reason)) w.Line(3, $"Reason:\t{terminated.Reason}");
            if (!string.IsNullOrEmpty(terminated.Message)) w.Line(3, $"Message:\t{terminated.Message}");
            w.Line(3, $"Exit Code:\t{terminated.ExitCode}");
            if (terminated.Signal > 0) w.Line(3, $"Signal:\t{terminated.Signal}");
            w.Line(3, $"Started:\t{DescribeWriter.Time(terminated.StartedAt)}");
            w.Line(3, $"Finished:\t{DescribeWriter.Time(terminated.FinishedAt)}");
        }
        else
        {
            w.Line(2, $"{label}:\tWaiting");
            if (!string.IsNullOrEmpty(state?.Waiting?.Reason)) w.Line(3, $"Reason:\t{state.Waiting.Reason}");
        }
    }

    private static void WriteResources(DescribeWriter w, V1ResourceRequirements? resources)
    {
        foreach (var (label, quantities) in new[] { ("Limits", resources?.Limits), ("Requests", resources?.Requests) })
        {
            if (quantities is null || quantities.Count == 0) continue;
            w.Line(2, $"{label}:");
            foreach (var (name, quantity) in quantities.OrderBy(q => q.Key, StringComparer.Ordinal)) w.Line(3, $"{name}:\t{quantity}");
        }
    }

    private static void WriteProbe(DescribeWriter w, string label, V1Probe? probe)
    {
        if (probe is null) return;
        var settings = $"delay={probe.InitialDelaySeconds ?? 0}s timeout={probe.TimeoutSeconds ?? 0}s period={probe.PeriodSeconds ?? 0}s " +
            $"#success={probe.SuccessThreshold ?? 0} #failure={probe.FailureThreshold ?? 0}";
        var action = probe switch
        {
            { Exec: { } exec } => $"exec [{string.Join(' ', exec.Command ?? [])}]",
            { HttpGet: { } http } => $"http-get {(http.Scheme ?? "HTTP").ToLowerInvariant()}://{http.Host}:{http.Port}{http.Path}",
            { TcpSocket: { } tcp } => $"tcp-socket {tcp.Host}:{tcp.Port}",
            { Grpc: { } grpc } => $"grpc <pod>:{grpc.Port} {grpc.Service}",
            _ => "unknown",
        };
        w.Line(2, $"{label}:\t{action} {settings}");
    }

    private static void WriteEnvironment(DescribeWriter w, IList<V1EnvVar>? env)
    {
        w.Line(2, env is null || env.Count == 0 ? "Environment:\t<none>" : "Environment:");
        foreach (var variable in env ?? [])
        {
            var value = variable.ValueFrom switch
            {
                null => variable.Value ?? "",
                { FieldRef: { } field } => $"({field.ApiVersion}:{field.FieldPath})",
                { ResourceFieldRef: { } resource } => $"{resource.Resource} ({resource.ContainerName})",
                { SecretKeyRef: { } secret } => $"<set to the key '{secret.Key}' in secret '{secret.Name}'>\tOptional: {(secret.Optional == true ? "true" : "false")}",
                { ConfigMapKeyRef: { } configMap } => $"<set to the key '{configMap.Key}' of config map '{configMap.Name}'>\tOptional: {(configMap.Optional == true ? "true" : "false")}",
                _ => "<unknown>",
            };
            var lines = value.Split('\n');
            w.Line(3, $"{variable.Name}:\t{lines[0]}");
            foreach (var line in lines.Skip(1)) w.Line(3, $"\t{line}");
        }
    }

    private static void WriteMounts(DescribeWriter w, IList<V1VolumeMount>? mounts)
    {
        w.Line(2, mounts is null || mounts.Count == 0 ? "Mounts:\t<none>" : "Mounts:");
        foreach (var mount in (mounts ?? []).OrderBy(m => m.MountPath, StringComparer.Ordinal))
        {
            var flags = mount.ReadOnlyProperty == true ? "ro" : "rw";
            if (!string.IsNullOrEmpty(mount.SubPath)) flags += $",path=\"{mount.SubPath}\"";
            w.Line(3, $"{mount.MountPath} from {mount.Name} ({flags})");
        }
    }

    /// <summary>"Volumes:" with the source type of each volume (the common sources; others show as &lt;unknown&gt;).</summary>
    public static void WriteVolumes(DescribeWriter w, IList<V1Volume>? volumes, string space)
    {
        if (volumes is null || volumes.Count == 0)
        {
            w.Line(0, $"{space}Volumes:\t<none>");
            return;
        }
        w.Line(0, $"{space}Volumes:");
        foreach (var volume in volumes)
        {
            w.Line(1, $"{(space.Length > 0 ? " " : "")}{volume.Name}:");
            switch (volume)
            {
                case { EmptyDir: { } emptyDir }:
                    w.Line(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
                    w.Line(2, $"Medium:\t{emptyDir.Medium}");
                    w.Line(2, $"SizeLimit:\t{(emptyDir.SizeLimit is null ? "<unset>" : emptyDir.SizeLimit.ToString())}");
                    break;
                case { HostPath: { } hostPath }:
                    w.Line(2, "Type:\tHostPath (bare host directory volume)");
                    w.Line(2, $"Path:\t{hostPath.Path}");
                    w.Line(2, $"HostPathType:\t{(string.IsNullOrEmpty(hostPath.Type) ? "<none>" : hostPath.Type)}");
                    break;
                case { ConfigMap: { } configMap }:
                    w.Line(2, "Type:\tConfigMap (a volume populated by a ConfigMap)");
                    w.Line(2, $"Name:\t{configMap.Name}");
                    w.Line(2, $"Optional:\t{(configMap.Optional == true ? "true" : "false")}");
                    break;
                case { Secret: { } secret }:
                    w.Line(2, "Type:\tSecret (a volume populated by a Secret)");
                    w.Line(2, $"SecretName:\t{secret.SecretName}");
                    w.Line(2, $"Optional:\t{(secret.Optional == true ? "true" : "false")}");
                    break;
                case { PersistentVolumeClaim: { } claim }:
                    w.Line(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
                    w.Line(2, $"ClaimName:\t{claim.ClaimName}");
                    w.Line(2, $"ReadOnly:\t{(claim.ReadOnlyProperty == true ? "true" : "false")}");
                    break;
                default:
                    // Upstream difference: kubectl describes every volume source; we show the common ones.
                    w.Line(2, "<unknown>");
                    break;
            }
        }
    }

    /// <summary>"Tolerations:" as kubectl writes them: <c>key=value:Effect op=Exists for 300s</c>.</summary>
    public static void WriteTolerations(DescribeWriter w, string title, IList<V1Toleration>? tolerations)
    {
        w.Write(0, $"{title}:\t");
        if (tolerations is null || tolerations.Count == 0)
        {
            w.Write(0, "<none>\n");
            return;
        }
        var first = true;
        foreach (var toleration in tolerations)
        {
            if (!first) w.Write(0, "\t");
            var text = toleration.Key ?? "";
            if (!string.IsNullOrEmpty(toleration.Value)) text += $"={toleration.Value}";
            if (!string.IsNullOrEmpty(toleration.Effect)) text += $":{toleration.Effect}";
            // "operator: Exists" with no value tolerates everything with that key (or everything, without a key).
            if (toleration.OperatorProperty == "Exists" && string.IsNullOrEmpty(toleration.Value))
            {
                text += text.Length > 0 ? " op=Exists" : "op=Exists";
            }
            if (toleration.TolerationSeconds is { } seconds) text += $" for {seconds}s";
            w.Write(0, text + "\n");
            first = false;
        }
    }

    /// <summary>"Pod Template:" — the same container description as a Pod's, indented one level.</summary>
    public static void WritePodTemplate(DescribeWriter w, V1PodTemplateSpec? template)
    {
        w.Line(0, "Pod Template:");
        if (template is null)
        {
            w.Write(1, "<unset>");
            return;
        }
        w.LabelsMultiline("  Labels", template.Metadata?.Labels);
        if (template.Metadata?.Annotations is { Count: > 0 } annotations) w.AnnotationsMultiline("  Annotations", annotations);
        if (!string.IsNullOrEmpty(template.Spec.ServiceAccountName)) w.Line(1, $"Service Account:\t{template.Spec.ServiceAccountName}");
        if (template.Spec.InitContainers is { Count: > 0 })
        {
            WriteContainers(w, "Init Containers", template.Spec.InitContainers, statuses: null, space: "  ");
        }
        WriteContainers(w, "Containers", template.Spec.Containers, statuses: null, space: "  ");
        WriteVolumes(w, template.Spec.Volumes, space: "  ");
        if (!string.IsNullOrEmpty(template.Spec.PriorityClassName)) w.Line(1, $"Priority Class Name:\t{template.Spec.PriorityClassName}");
        w.LabelsMultiline("  Node-Selectors", template.Spec.NodeSelector);
        WriteTolerations(w, "  Tolerations", template.Spec.Tolerations);
    }

    /// <summary>A workload's selector as text, terms sorted by key as kubectl prints it: <c>app=web,tier in (db)</c>.</summary>
    public static string SelectorText(V1LabelSelector? selector) =>
        string.Join(",", LabelSelector.FromV1(selector).Requirements.OrderBy(r => r.Key, StringComparer.Ordinal));
}
