using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;

namespace MiniKube.Bench.ControlPlane;

/// <summary>
/// The control plane under load, over the wire as in a cluster: minikube-scheduler binding thousands of pending pods
/// onto fake nodes (nodes no kubelet backs, as kwok makes them), once with a profile of NodeResourcesFit alone and once
/// with the default profile; then minikube-controller-manager creating the pods of a large Deployment. Every
/// component is the published binary from bin/, on an API server backed by a real etcd.
/// Upstream difference: there is no kube-scheduler or kube-controller-manager on these machines to run side by side,
/// so the two profiles are compared with each other rather than with a peer.
/// </summary>
internal static class ControlPlaneBenchmark
{
    // The NodeResourcesFit-only profile: queue sort and binding are still needed to schedule at all.
    private const string FitOnlyConfig = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        leaderElection:
          leaderElect: false
        profiles:
        - schedulerName: default-scheduler
          plugins:
            multiPoint:
              enabled:
              - name: PrioritySort
              - name: NodeResourcesFit
              - name: DefaultBinder
              disabled:
              - name: "*"
        """;

    private const string DefaultConfig = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        leaderElection:
          leaderElect: false
        """;

    public static async Task<ControlPlaneResults> RunAsync(string apiServerExecutable, string schedulerExecutable, string controllerManagerExecutable,
        BenchSettings settings, Action<string> progress, CancellationToken cancellationToken)
    {
        var results = new ControlPlaneResults { LoadAverageAtStart = Reporting.MachineInfo.LoadAverageNow() };
        Prerequisites.RequireTool("etcd");
        var etcd = new EtcdServer();
        try
        {
            await etcd.InitializeAsync();
            await using var server = await ApiServerProcess.StartProgramAsync(apiServerExecutable, etcd.ClientUrl);
            using var client = Kubeconfig.CreateClient(server.KubeconfigPath, "minikube-bench");
            progress($"control plane: {settings.SchedulerNodes:N0} fake nodes");
            await CreateNodesAsync(client, settings, cancellationToken);
            foreach (var (profile, config) in new[] { ("NodeResourcesFit only", FitOnlyConfig), ("default", DefaultConfig) })
            {
                progress($"control plane: {settings.SchedulerPods:N0} pending pods, then minikube-scheduler with the {profile} profile");
                var result = await ScheduleAsync(server, client, schedulerExecutable, profile, config, settings, cancellationToken);
                progress(result.Error is null
                    ? $"  {result.PodsPerSecond:N0} pods/s ({result.Bound:N0} bound), {result.ResidentMiB:N0} MiB resident"
                    : $"  failed: {result.Error}");
                results.Scheduling.Add(result);
            }
            progress($"control plane: minikube-controller-manager, a Deployment of {settings.DeploymentReplicas:N0} replicas");
            results.Deployment = await DeploymentAsync(server, client, controllerManagerExecutable, settings, cancellationToken);
            progress($"  {results.Deployment.PodsSeen:N0} pods in {results.Deployment.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await etcd.DisposeAsync();
        }
        results.LoadAverageAtEnd = Reporting.MachineInfo.LoadAverageNow();
        return results;
    }

    // Nodes with room for every pod of the run many times over, so that scoring, not capacity, decides where pods go.
    private static async Task CreateNodesAsync(Kubernetes client, BenchSettings settings, CancellationToken cancellationToken)
    {
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("32"), ["memory"] = new("128Gi"), ["pods"] = new("110") };
        await ForEachAsync(Enumerable.Range(0, settings.SchedulerNodes), settings.Clients, async i =>
        {
            var name = $"bench-node-{i:D4}";
            var node = await client.CoreV1.CreateNodeAsync(new V1Node
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = new Dictionary<string, string>
                    {
                        ["kubernetes.io/hostname"] = name,
                        ["kubernetes.io/os"] = "linux",
                        ["topology.kubernetes.io/zone"] = $"zone-{i % 3}",
                    },
                },
            }, cancellationToken: cancellationToken);
            node.Status = new V1NodeStatus
            {
                Capacity = resources,
                Allocatable = resources,
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = DateTime.UtcNow, LastTransitionTime = DateTime.UtcNow }],
            };
            await client.CoreV1.ReplaceNodeStatusAsync(node, name, cancellationToken: cancellationToken);
        }, cancellationToken);
    }

    private static async Task<SchedulingResult> ScheduleAsync(ApiServerProcess server, Kubernetes client, string schedulerExecutable, string profile,
        string config, BenchSettings settings, CancellationToken cancellationToken)
    {
        var ns = $"sched-{(profile == "default" ? "default" : "fit")}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        await ForEachAsync(Enumerable.Range(0, settings.SchedulerPods), settings.Clients, i =>
            client.CoreV1.CreateNamespacedPodAsync(PendingPod(i), ns, cancellationToken: cancellationToken), cancellationToken);

        // Bindings are seen as they happen, through a watch of this namespace's pods.
        var clock = Stopwatch.StartNew();
        var bindings = new List<TimeSpan>();
        var allBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new HashSet<string>();
        var informer = new Informer<V1Pod>(client, ns);
        void Observe(V1Pod pod)
        {
            if (pod.Spec.NodeName is not { Length: > 0 }) return;
            lock (bindings)
            {
                if (!seen.Add(pod.Metadata.Name)) return;
                bindings.Add(clock.Elapsed);
                if (bindings.Count == settings.SchedulerPods) allBound.TrySetResult();
            }
        }
        informer.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = Observe, OnUpdate = (_, pod) => Observe(pod) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None);
        await informer.WaitForCacheSyncAsync(cancellationToken);

        var configFile = Path.Combine(server.WorkDirectory, $"scheduler-{ns}.yaml");
        await File.WriteAllTextAsync(configFile, config, cancellationToken);
        await using var scheduler = ComponentProcess.StartProgram(schedulerExecutable, server.KubeconfigPath, "--config", configFile);
        string? error = null;
        try
        {
            await allBound.Task.WaitAsync(settings.SchedulingTimeLimit, cancellationToken);
        }
        catch (TimeoutException)
        {
            error = $"only {bindings.Count:N0} of {settings.SchedulerPods:N0} pods were bound within {settings.SchedulingTimeLimit.TotalMinutes:0} minutes";
        }
        var resident = ResidentMiB(scheduler.Id);
        if (scheduler.HasExited) error ??= $"minikube-scheduler exited: {scheduler.Output[^Math.Min(500, scheduler.Output.Length)..]}";
        await stop.CancelAsync();
        try { await watching; } catch (OperationCanceledException) { }
        lock (bindings)
        {
            TimeSpan? span = bindings.Count > 1 ? bindings.Max() - bindings.Min() : null;
            return new SchedulingResult(profile, settings.SchedulerNodes, settings.SchedulerPods, bindings.Count, span, resident, error);
        }
    }

    private static V1Pod PendingPod(int i) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"pod-{i:D5}", Labels = new Dictionary<string, string> { ["app"] = $"app-{i % 10}" } },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "busybox:1.36",
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                    },
                },
            ],
        },
    };

    private static async Task<DeploymentResult> DeploymentAsync(ApiServerProcess server, Kubernetes client, string controllerManagerExecutable,
        BenchSettings settings, CancellationToken cancellationToken)
    {
        const string ns = "deploy";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        await using var manager = ComponentProcess.StartProgram(controllerManagerExecutable, server.KubeconfigPath,
            "--leader-elect=false", "--controllers", "deployment-controller,replicaset-controller");

        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pods = new HashSet<string>();
        var informer = new Informer<V1Pod>(client, ns);
        informer.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = pod =>
            {
                lock (pods)
                {
                    pods.Add(pod.Metadata.Name);
                    if (pods.Count >= settings.DeploymentReplicas) created.TrySetResult();
                }
            },
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None);
        await informer.WaitForCacheSyncAsync(cancellationToken);
        await manager.WaitForOutputAsync("Starting controllers", TimeSpan.FromSeconds(60));

        var labels = new Dictionary<string, string> { ["app"] = "big" };
        var clock = Stopwatch.StartNew();
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "big" },
            Spec = new V1DeploymentSpec
            {
                Replicas = settings.DeploymentReplicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
                },
            },
        }, ns, cancellationToken: cancellationToken);
        string? error = null;
        try
        {
            await created.Task.WaitAsync(settings.SchedulingTimeLimit, cancellationToken);
        }
        catch (TimeoutException)
        {
            error = $"the pods were not all created within {settings.SchedulingTimeLimit.TotalMinutes:0} minutes";
        }
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        try { await watching; } catch (OperationCanceledException) { }
        lock (pods) return new DeploymentResult(settings.DeploymentReplicas, pods.Count, elapsed, error);
    }

    // VmRSS from /proc: what the process holds in memory right now.
    private static double ResidentMiB(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return double.NaN;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, int parallelism, Func<T, Task> action, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (item, _) => await action(item));
}
