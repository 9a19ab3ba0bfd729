using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ControllerManager.Tests.Job;

/// <summary>
/// The Job controller in a real minikube-controller-manager against a real API server. The Job's Pods are bound to
/// a fake node through the template's nodeName and run there (Running, Ready); the test plays the containers and
/// ends each Pod by patching its status phase to Succeeded or Failed, as a kubelet would report it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The fake nodes are disposed in IAsyncLifetime.DisposeAsync, which xunit calls after each test.")]
public sealed class JobControllerTests(ControllerManagerFixture fixture, ITestOutputHelper output)
    : IClassFixture<ControllerManagerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private FakeNodes _nodes = null!;
    private string _ns = null!;
    private string _node = null!;

    public async Task InitializeAsync()
    {
        _ns = await fixture.CreateNamespaceAsync("job");
        _node = "node-" + _ns;
        _nodes = new FakeNodes(fixture.Client);
        await _nodes.CreateAsync(_node);
    }

    public async Task DisposeAsync()
    {
        await _nodes.DeleteAsync(_node);
        await _nodes.DisposeAsync();
        output.WriteLine(fixture.ControllerManager.Output);
    }

    private string Manifest(string name, int completions, int parallelism, int backoffLimit = 6) => $"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {name}
        spec:
          completions: {completions}
          parallelism: {parallelism}
          backoffLimit: {backoffLimit}
          template:
            spec:
              nodeName: {_node}
              restartPolicy: Never
              terminationGracePeriodSeconds: 0
              containers:
              - name: work
                image: busybox
                command: ["sh", "-c", "echo done"]
        """;

    private async Task<List<V1Pod>> ActivePodsAsync(string job) =>
        [.. (await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns, labelSelector: $"batch.kubernetes.io/job-name={job}")).Items
            .Where(p => p.Status?.Phase is not ("Succeeded" or "Failed"))];

    private async Task FinishAsync(V1Pod pod, string phase)
    {
        var patch = $$$"""{"status":{"phase":"{{{phase}}}","conditions":[{"type":"Ready","status":"False"}]}}""";
        await fixture.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), pod.Metadata.Name, _ns);
    }

    [RequiresFact]
    public async Task Completions3Parallelism2_RunsTwoThenOne_CompletesWhenThreeSucceeded()
    {
        await using var pods = await PodEventLog.StartAsync(fixture.Client, _ns);
        using var kubectl = new Kubectl("1.33", fixture.Server.KubeconfigPath);
        output.WriteLine(await kubectl.SucceedWithInputAsync(Manifest("pi", 3, 2), "-n", _ns, "apply", "-f", "-"));
        var job = await fixture.Client.BatchV1.ReadNamespacedJobAsync("pi", _ns);

        var firstTwo = await Eventually.UntilAsync(async () => await ActivePodsAsync("pi") is { Count: 2 } p ? p : null, Timeout, "two active pods");
        foreach (var pod in firstTwo)
        {
            Assert.Equal(job.Metadata.Uid, pod.Metadata.Labels["batch.kubernetes.io/controller-uid"]);
            Assert.Equal(job.Metadata.Uid, pod.Metadata.Labels["controller-uid"]);
            Assert.Equal("pi", pod.Metadata.Labels["job-name"]);
            Assert.Contains("batch.kubernetes.io/job-tracking", pod.Metadata.Finalizers);
            Assert.Equal("Never", pod.Spec.RestartPolicy);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("Job", "pi", true, true), (owner.Kind, owner.Name, owner.Controller, owner.BlockOwnerDeletion));
            await EventsIn.WaitForAsync(fixture.Client, _ns, "SuccessfulCreate", $"Created pod: {pod.Metadata.Name}");
        }
        await Eventually.UntilAsync(async () =>
            (await fixture.Client.BatchV1.ReadNamespacedJobAsync("pi", _ns)).Status is { Active: 2, Ready: 2, StartTime: not null }, Timeout, "status active 2, ready 2");

        foreach (var pod in firstTwo) await FinishAsync(pod, "Succeeded");
        var last = await Eventually.UntilAsync(async () =>
            await ActivePodsAsync("pi") is { Count: 1 } p && !firstTwo.Any(f => f.Metadata.Uid == p[0].Metadata.Uid) ? p[0] : null, Timeout, "the third pod");
        await FinishAsync(last, "Succeeded");

        output.WriteLine(await kubectl.SucceedAsync("-n", _ns, "wait", "--for=condition=complete", "job/pi", "--timeout=60s"));
        job = await fixture.Client.BatchV1.ReadNamespacedJobAsync("pi", _ns);
        Assert.Equal((3, 0, 0), (job.Status.Succeeded, job.Status.Failed ?? 0, job.Status.Active ?? 0));
        Assert.NotNull(job.Status.CompletionTime);
        var met = Assert.Single(job.Status.Conditions, c => c.Type == "SuccessCriteriaMet");
        var complete = Assert.Single(job.Status.Conditions, c => c.Type == "Complete");
        Assert.Equal(("True", "CompletionsReached"), (complete.Status, complete.Reason));
        Assert.Equal("CompletionsReached", met.Reason);
        await EventsIn.WaitForAsync(fixture.Client, _ns, "Completed", "Job completed");

        // Never more than two at once, and every pod released by the controller once counted.
        var running = new HashSet<string>();
        var most = 0;
        foreach (var entry in pods.Entries)
        {
            if (entry.Type != "DELETED" && entry.Pod.Status?.Phase is not ("Succeeded" or "Failed")) running.Add(entry.Name);
            else running.Remove(entry.Name);
            most = Math.Max(most, running.Count);
        }
        Assert.Equal(2, most);
        await Eventually.UntilAsync(async () =>
            (await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns)).Items.All(p => p.Metadata.Finalizers is null || !p.Metadata.Finalizers.Contains("batch.kubernetes.io/job-tracking")),
            Timeout, "the job-tracking finalizers to be removed");
        Assert.Equal(3, (await fixture.Client.CoreV1.ListNamespacedPodAsync(_ns)).Items.Count);
    }

    [RequiresFact]
    public async Task BackoffLimit1_SecondFailedPod_FailsTheJob()
    {
        await fixture.Client.BatchV1.CreateNamespacedJobAsync(KubernetesYaml.Deserialize<V1Job>(Manifest("flaky", 1, 1, backoffLimit: 1)), _ns);
        var first = await Eventually.UntilAsync(async () => await ActivePodsAsync("flaky") is { Count: 1 } p ? p[0] : null, Timeout, "the first pod");
        await FinishAsync(first, "Failed");
        await Eventually.UntilAsync(async () => (await fixture.Client.BatchV1.ReadNamespacedJobAsync("flaky", _ns)).Status?.Failed == 1, Timeout, "failed 1");

        // The replacement comes after the failure back-off (10s).
        var second = await Eventually.UntilAsync(async () =>
            await ActivePodsAsync("flaky") is { Count: 1 } p && p[0].Metadata.Uid != first.Metadata.Uid ? p[0] : null, Timeout, "a replacement pod");
        await FinishAsync(second, "Failed");

        var job = await Eventually.UntilAsync(async () =>
        {
            var j = await fixture.Client.BatchV1.ReadNamespacedJobAsync("flaky", _ns);
            return j.Status?.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") == true ? j : null;
        }, Timeout, "the Failed condition");
        Assert.Equal(2, job.Status.Failed);
        Assert.Null(job.Status.CompletionTime);
        var failed = Assert.Single(job.Status.Conditions, c => c.Type == "Failed");
        Assert.Equal(("BackoffLimitExceeded", "Job has reached the specified backoff limit"), (failed.Reason, failed.Message));
        Assert.Contains(job.Status.Conditions, c => c.Type == "FailureTarget" && c.Reason == "BackoffLimitExceeded");
        Assert.DoesNotContain(job.Status.Conditions, c => c.Type == "Complete");
        var warning = await EventsIn.WaitForAsync(fixture.Client, _ns, "BackoffLimitExceeded", "Job has reached the specified backoff limit", "Warning");
        Assert.Equal("Job", warning.InvolvedObject.Kind);
        Assert.Empty(await ActivePodsAsync("flaky"));
    }
}
