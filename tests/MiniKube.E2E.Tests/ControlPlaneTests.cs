using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Client;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.E2E.Tests;

/// <summary>
/// The seeds' story up to the kubelet, with the programs `make build` published: kubectl applies a Deployment, the
/// controller manager creates its ReplicaSet and Pods, the scheduler binds every Pod to one of three nodes (kwok-like
/// fake nodes, since no kubelet exists yet), each step leaves its Event, and deleting the Deployment cascades.
/// </summary>
public sealed class ControlPlaneTests(ITestOutputHelper output)
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 5
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: busybox:1.36
                resources:
                  requests:
                    cpu: 500m
                    memory: 64Mi
        """;

    [Fact]
    public async Task ApplyDeployment_ControllersCreatePods_SchedulerSpreadsThem_EventsTellTheStory()
    {
        await using var server = await ApiServerProcess.StartProgramAsync(Repository.Program("minikube-apiserver"), etcdUrl: null);
        using var client = Kubeconfig.CreateClient(server.KubeconfigPath, "e2e-tests");
        await using var nodes = new FakeNodes(client);
        foreach (var name in new[] { "node-a", "node-b", "node-c" }) await nodes.CreateAsync(name, cpu: "4", memory: "8Gi");
        await using var controllerManager = ComponentProcess.StartProgram(Repository.Program("minikube-controller-manager"), server.KubeconfigPath);
        await using var scheduler = ComponentProcess.StartProgram(Repository.Program("minikube-scheduler"), server.KubeconfigPath);
        try
        {
            using var kubectl = new Kubectl("1.33", server.KubeconfigPath);
            await kubectl.SucceedWithInputAsync(Deployment, "apply", "-f", "-");

            var pods = await Eventually.UntilAsync(async () =>
            {
                var list = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web");
                return list.Items.Count == 5 && list.Items.All(p => p.Spec.NodeName is { Length: > 0 } && p.Status?.Phase == "Running") ? list.Items : null;
            }, TimeSpan.FromSeconds(90), "5 pods bound and running");
            var replicaSets = await client.AppsV1.ListNamespacedReplicaSetAsync("default", labelSelector: "app=web");
            Assert.Single(replicaSets.Items);
            Assert.All(pods, p => Assert.Equal(replicaSets.Items[0].Metadata.Uid, p.Metadata.OwnerReferences.Single().Uid));

            // Three equal nodes, LeastAllocated scoring and the default spreading: 2, 2 and 1 pods.
            var perNode = pods.GroupBy(p => p.Spec.NodeName).Select(g => g.Count()).Order().ToArray();
            Assert.Equal([1, 2, 2], perNode);

            var events = await Eventually.UntilAsync(async () =>
            {
                var text = await kubectl.SucceedAsync("get", "events");
                return new[] { "ScalingReplicaSet", "SuccessfulCreate", "Scheduled" }.All(text.Contains) ? text : null;
            }, TimeSpan.FromSeconds(30), "events ScalingReplicaSet, SuccessfulCreate and Scheduled");
            output.WriteLine(events);
            Assert.Contains("Successfully assigned default/", events, StringComparison.Ordinal);

            // Deleting the Deployment cascades through the garbage collector: ReplicaSet, then Pods.
            await kubectl.SucceedAsync("delete", "deployment", "web");
            await Eventually.UntilAsync(async () =>
                (await client.AppsV1.ListNamespacedReplicaSetAsync("default", labelSelector: "app=web")).Items.Count == 0 &&
                (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items.Count == 0,
                TimeSpan.FromSeconds(60), "the ReplicaSet and its pods to be garbage collected");
        }
        finally
        {
            output.WriteLine("--- controller manager ---\n" + controllerManager.Output);
            output.WriteLine("--- scheduler ---\n" + scheduler.Output);
        }
    }
}
