using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.Testing;

/// <summary>
/// Nodes that no kubelet backs, as kwok makes them: Node objects with capacity, labels, taints and a Ready
/// condition, whose Leases in kube-node-lease the test renews, and whose pods are marked Running and Ready (with a
/// pod IP) once they are bound, which is all the controllers and the scheduler can see of a kubelet. A test stops a
/// node's heartbeat with <see cref="StopRenewing"/> to play a node that died; it marks pods Succeeded or Failed
/// itself (a Job's pods), and a pod in a final phase is never touched again. Pods deleted gracefully on these nodes
/// are confirmed gone at once, as a kubelet does once their containers stopped (kwok does the same).
/// Concept: https://kubernetes.io/docs/concepts/architecture/nodes/#node-heartbeats
/// </summary>
public sealed class FakeNodes : IAsyncDisposable
{
    private readonly Kubernetes _client;
    private readonly TimeSpan _renewInterval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly HashSet<string> _nodes = [];
    private readonly HashSet<string> _renewing = [];
    private readonly Informer<V1Pod>? _pods;
    private readonly Task _renewLoop;
    private readonly Task _podLoop;
    private int _nextPodIp;

    /// <param name="markPodsRunning">Whether bound pods on these nodes become Running and Ready (as a kubelet would).</param>
    /// <param name="renewInterval">How often Leases are renewed; the kubelet's default is 10s (a quarter of its 40s lease).</param>
    public FakeNodes(Kubernetes client, bool markPodsRunning = true, TimeSpan? renewInterval = null)
    {
        _client = client;
        _renewInterval = renewInterval ?? TimeSpan.FromSeconds(1);
        _renewLoop = Task.Run(() => RenewLoopAsync(_stop.Token));
        if (markPodsRunning)
        {
            _pods = new Informer<V1Pod>(client);
            _pods.AddEventHandler(new ResourceEventHandler<V1Pod> { OnAdd = MarkRunningIfOurs, OnUpdate = (_, pod) => MarkRunningIfOurs(pod) });
            _podLoop = Task.Run(() => _pods.RunAsync(_stop.Token));
        }
        else
        {
            _podLoop = Task.CompletedTask;
        }
    }

    /// <summary>Creates a Ready node with its Lease, e.g. <c>CreateAsync("node-1", cpu: "4", memory: "8Gi")</c>.</summary>
    public async Task<V1Node> CreateAsync(string name, string cpu = "4", string memory = "8Gi", int pods = 110,
        IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null, bool unschedulable = false)
    {
        var allLabels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
        };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>()) allLabels[k] = v;
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(cpu),
            ["memory"] = new(memory),
            ["pods"] = new(pods.ToString(CultureInfo.InvariantCulture)),
        };
        var node = await _client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = allLabels },
            Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable ? true : null },
        });
        var now = DateTime.UtcNow;
        node.Status = new V1NodeStatus
        {
            Capacity = resources,
            Allocatable = resources,
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status (fake)", LastHeartbeatTime = now, LastTransitionTime = now }],
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = $"10.99.0.{_nodes.Count + 1}" }, new V1NodeAddress { Type = "Hostname", Address = name }],
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64", OperatingSystem = "linux", KubeletVersion = "v1.33.0-fake", KubeProxyVersion = "", BootID = "", ContainerRuntimeVersion = "fake://1",
                KernelVersion = "", MachineID = "", OsImage = "fake", SystemUUID = name,
            },
        };
        node = await _client.CoreV1.ReplaceNodeStatusAsync(node, name);
        await RenewLeaseAsync(name, CancellationToken.None);
        lock (_lock)
        {
            _nodes.Add(name);
            _renewing.Add(name);
        }
        return node;
    }

    /// <summary>Stops renewing the node's Lease, as when its kubelet dies.</summary>
    public void StopRenewing(string name)
    {
        lock (_lock) _renewing.Remove(name);
    }

    /// <summary>
    /// The kubelet is back: it posts a fresh status (Ready, no pressure) and renews its Lease again. The node
    /// lifecycle controller then removes the taints it put on the node.
    /// </summary>
    public async Task ResumeRenewingAsync(string name)
    {
        var node = await _client.CoreV1.ReadNodeAsync(name);
        var now = DateTime.UtcNow;
        V1NodeCondition Condition(string type, string status, string reason, string message) =>
            new() { Type = type, Status = status, Reason = reason, Message = message, LastHeartbeatTime = now, LastTransitionTime = now };
        node.Status.Conditions =
        [
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status (fake)"),
        ];
        await _client.CoreV1.ReplaceNodeStatusAsync(node, name);
        await RenewLeaseAsync(name, CancellationToken.None);
        lock (_lock) _renewing.Add(name);
    }

    /// <summary>Deletes the node (and stops its heartbeat); its Lease goes with it.</summary>
    public async Task DeleteAsync(string name)
    {
        lock (_lock)
        {
            _renewing.Remove(name);
            _nodes.Remove(name);
        }
        await _client.CoreV1.DeleteNodeAsync(name);
        try { await _client.CoordinationV1.DeleteNamespacedLeaseAsync(name, "kube-node-lease"); }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_renewInterval);
        while (await WaitAsync(timer, cancellationToken))
        {
            string[] names;
            lock (_lock) names = [.. _renewing];
            foreach (var name in names)
            {
                try { await RenewLeaseAsync(name, cancellationToken); }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A renewal that fails (the API server restarting) is tried again on the next tick, as the kubelet does.
                }
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try { return await timer.WaitForNextTickAsync(cancellationToken); }
        catch (OperationCanceledException) { return false; }
    }

    private async Task RenewLeaseAsync(string name, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        V1Lease? lease = null;
        try { lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(name, "kube-node-lease", cancellationToken: cancellationToken); }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { }
        if (lease is null)
        {
            await _client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-node-lease" },
                Spec = new V1LeaseSpec { HolderIdentity = name, LeaseDurationSeconds = 40, RenewTime = now },
            }, "kube-node-lease", cancellationToken: cancellationToken);
            return;
        }
        lease.Spec.RenewTime = now;
        await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, "kube-node-lease", cancellationToken: cancellationToken);
    }

    // What a kubelet reports once it has started a pod's containers: Running, Ready, an IP, the container states.
    // And what it does once a pod on its node is being deleted gracefully: stop it, then confirm with a delete of
    // grace period 0, which is what finally removes the pod (until then it shows as Terminating).
    private void MarkRunningIfOurs(V1Pod pod)
    {
        if (pod.Spec?.NodeName is not { Length: > 0 } node) return;
        lock (_lock)
        {
            // A node whose heartbeat stopped plays a dead kubelet: it neither starts nor stops anything.
            if (!_renewing.Contains(node)) return;
        }
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            ConfirmDeletion(pod);
            return;
        }
        if (pod.Status?.Phase is "Running" or "Succeeded" or "Failed") return;
        var ip = Interlocked.Increment(ref _nextPodIp);
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var status = new
        {
            // Pinned to the version seen: if the test (or anyone) changed the pod since, e.g. marked it Failed, the
            // patch is refused with 409 instead of turning a finished pod back into a running one.
            metadata = new { resourceVersion = pod.Metadata.ResourceVersion },
            status = new
            {
                phase = "Running",
                podIP = $"10.244.{ip / 250}.{ip % 250 + 2}",
                podIPs = new[] { new { ip = $"10.244.{ip / 250}.{ip % 250 + 2}" } },
                hostIP = "10.99.0.1",
                startTime = now,
                conditions = new[]
                {
                    new { type = "PodScheduled", status = "True", lastTransitionTime = now },
                    new { type = "Initialized", status = "True", lastTransitionTime = now },
                    new { type = "ContainersReady", status = "True", lastTransitionTime = now },
                    new { type = "Ready", status = "True", lastTransitionTime = now },
                },
                containerStatuses = pod.Spec.Containers.Select(c => new
                {
                    name = c.Name, image = c.Image, imageID = "", ready = true, restartCount = 0, started = true,
                    state = new { running = new { startedAt = now } },
                }).ToArray(),
            },
        };
        var patch = new V1Patch(JsonSerializer.Serialize(status), V1Patch.PatchType.MergePatch);
        _ = Task.Run(async () =>
        {
            try { await _client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: _stop.Token); }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // The pod changed (409) or was deleted meanwhile, or the server restarts: the next update of the pod
                // tries again, and a pod that is Failed or Succeeded by then is left alone.
            }
        });
    }

    private void ConfirmDeletion(V1Pod pod) => _ = Task.Run(async () =>
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } },
                cancellationToken: _stop.Token);
        }
        catch (Exception) when (!_stop.IsCancellationRequested)
        {
            // Already gone (404), or a pod of the same name replaced it (409 on the uid precondition): nothing to do.
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_renewLoop, _podLoop); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
