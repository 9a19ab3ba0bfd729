using k8s;
using k8s.Models;
using MiniKube.ControllerManager.Pods;
using MiniKube.Testing;

namespace MiniKube.ControllerManager.Tests.ReplicaSet;

/// <summary>
/// What a workload controller test needs around the shared controller manager: its own namespace, a fake node
/// (kwok-like: bound pods become Running and Ready, deleted pods go away) for pod templates to name in
/// spec.nodeName since no scheduler runs here, kubectl 1.33, and manifests for Deployments and ReplicaSets.
/// </summary>
public sealed class WorkloadTestBed : IAsyncDisposable
{
    private WorkloadTestBed(ControllerManagerFixture fixture, string ns, FakeNodes nodes)
    {
        Fixture = fixture;
        Namespace = ns;
        Nodes = nodes;
        Node = $"node-{ns}";
        Kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
    }

    public ControllerManagerFixture Fixture { get; }
    public Kubernetes Client => Fixture.Client;
    public string Namespace { get; }
    public FakeNodes Nodes { get; }

    /// <summary>A Ready node whose pods FakeNodes runs.</summary>
    public string Node { get; }

    public Kubectl Kubectl { get; }

    public static async Task<WorkloadTestBed> CreateAsync(ControllerManagerFixture fixture, string prefix)
    {
        var ns = await fixture.CreateNamespaceAsync(prefix);
        var bed = new WorkloadTestBed(fixture, ns, new FakeNodes(fixture.Client));
        await bed.Nodes.CreateAsync(bed.Node);
        return bed;
    }

    /// <summary>kubectl with <c>-n &lt;namespace&gt;</c>; fails the test with kubectl's output unless it exits 0.</summary>
    public Task<string> KubectlAsync(params string[] args) => Kubectl.SucceedAsync([.. args, "-n", Namespace]);

    public Task<string> ApplyAsync(string yaml) => Kubectl.SucceedWithInputAsync(yaml, "apply", "-n", Namespace, "-f", "-");

    /// <summary>Pods matching the selector that count as replicas (not finished, not being deleted).</summary>
    public async Task<List<V1Pod>> ActivePodsAsync(string labelSelector) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: labelSelector)).Items.Where(PodConditions.IsPodActive)];

    public async Task<List<V1ReplicaSet>> ReplicaSetsAsync(string labelSelector) =>
        [.. (await Client.AppsV1.ListNamespacedReplicaSetAsync(Namespace, labelSelector: labelSelector)).Items];

    public Task<V1Deployment> DeploymentAsync(string name) => Client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace);

    /// <summary>A Deployment of <c>app=&lt;name&gt;</c> pods bound to <paramref name="nodeName"/> (default: the fake node).</summary>
    public string DeploymentYaml(string name, int replicas, string image, string strategy = "RollingUpdate", string maxSurge = "1",
        string maxUnavailable = "1", string? nodeName = null, int? progressDeadlineSeconds = null, int? revisionHistoryLimit = null)
    {
        var rolling = strategy == "RollingUpdate" ? $"\n    rollingUpdate:\n      maxSurge: {maxSurge}\n      maxUnavailable: {maxUnavailable}" : "";
        var extra = (progressDeadlineSeconds is { } p ? $"\n  progressDeadlineSeconds: {p}" : "")
            + (revisionHistoryLimit is { } r ? $"\n  revisionHistoryLimit: {r}" : "");
        return $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {name}
              namespace: {Namespace}
            spec:
              replicas: {replicas}{extra}
              selector:
                matchLabels:
                  app: {name}
              strategy:
                type: {strategy}{rolling}
              template:
                metadata:
                  labels:
                    app: {name}
                spec:
                  nodeName: {nodeName ?? Node}
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: {name}
                    image: {image}
            """;
    }

    public async ValueTask DisposeAsync()
    {
        Kubectl.Dispose();
        try { await Nodes.DeleteAsync(Node); }
        catch (k8s.Autorest.HttpOperationException) { /* best effort: the namespace and node are unique to this test */ }
        await Nodes.DisposeAsync();
    }
}
