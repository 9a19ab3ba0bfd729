using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// How much a pod asks of a node (upstream <c>resourcehelper.PodRequests</c>): its app containers run together, so
/// their requests add up; init containers run one at a time before them, so the pod needs the largest of them
/// (plus any sidecars, init containers with restartPolicy Always, which keep running); then the RuntimeClass
/// overhead is added.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
/// </summary>
public static class PodRequests
{
    /// <summary>What scoring assumes for a container that requests no cpu: 0.1 core (upstream DefaultMilliCPURequest).</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>What scoring assumes for a container that requests no memory: 200 MiB (upstream DefaultMemoryRequest).</summary>
    public const long DefaultMemoryRequest = 200 * 1024 * 1024;

    /// <summary>The pod's effective requests; with <paramref name="nonZero"/>, missing cpu/memory count as the defaults above.</summary>
    public static Resource Compute(V1PodSpec spec, bool nonZero = false)
    {
        var requests = new Resource();
        foreach (var container in spec.Containers ?? []) requests.Add(ContainerRequests(container, nonZero));

        var sidecars = new Resource();
        var initMax = new Resource();
        foreach (var init in spec.InitContainers ?? [])
        {
            var r = ContainerRequests(init, nonZero);
            if (init.RestartPolicy == "Always")
            {
                // A sidecar starts and keeps running: it adds to everything after it.
                sidecars.Add(r);
                requests.Add(r);
                var whileStarting = sidecars.Clone();
                initMax.SetMax(whileStarting);
            }
            else
            {
                // A regular init container runs alone, next to the sidecars already started.
                var whileRunning = sidecars.Clone();
                whileRunning.Add(r);
                initMax.SetMax(whileRunning);
            }
        }
        requests.SetMax(initMax);
        if (spec.Overhead is not null) requests.Add(spec.Overhead);
        return requests;
    }

    private static Resource ContainerRequests(V1Container container, bool nonZero)
    {
        var r = Resource.From(container.Resources?.Requests);
        if (nonZero)
        {
            if (container.Resources?.Requests?.ContainsKey("cpu") != true) r.MilliCpu = DefaultMilliCpuRequest;
            if (container.Resources?.Requests?.ContainsKey("memory") != true) r.Memory = DefaultMemoryRequest;
        }
        return r;
    }
}
