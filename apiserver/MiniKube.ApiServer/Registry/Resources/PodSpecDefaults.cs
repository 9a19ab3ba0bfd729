using k8s.Models;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>
/// The defaults the API server fills into every pod spec, in Pods and in workloads' pod templates alike, so that
/// <c>kubectl get -o yaml</c> shows what a real cluster shows (restartPolicy Always, dnsPolicy ClusterFirst, port
/// protocol TCP, …) and controllers can rely on the fields being set.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#defaulting (upstream's SetDefaults_PodSpec)
/// </summary>
public static class PodSpecDefaults
{
    public static void Apply(V1PodSpec? spec)
    {
        if (spec is null) return;
        spec.RestartPolicy ??= "Always";
        spec.DnsPolicy ??= "ClusterFirst";
        spec.SchedulerName ??= "default-scheduler";
        spec.TerminationGracePeriodSeconds ??= 30;
        spec.SecurityContext ??= new V1PodSecurityContext();
        foreach (var container in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            container.TerminationMessagePath ??= "/dev/termination-log";
            container.TerminationMessagePolicy ??= "File";
            // An image without a tag, or tagged :latest, is pulled every time; a pinned tag only when missing.
            container.ImagePullPolicy ??= container.Image is { } image && (image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':'))
                ? "Always" : "IfNotPresent";
            container.Resources ??= new V1ResourceRequirements();
            foreach (var port in container.Ports ?? []) port.Protocol ??= "TCP";
        }
    }
}
