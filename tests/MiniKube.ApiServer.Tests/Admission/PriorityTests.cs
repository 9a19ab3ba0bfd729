using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiServer.Tests.Admission;

/// <summary>
/// The Priority admission plugin, on by default, seen through pods and PriorityClasses created over the wire. The tests
/// of one class run one after another, so the globalDefault test can remove its class before the next test runs.
/// </summary>
public sealed class PriorityTests(SqliteApiServerFixture fixture) : IClassFixture<SqliteApiServerFixture>
{
    private static V1Pod Pod(string name, string? priorityClassName = null, int? priority = null, string? preemptionPolicy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "c", Image = "busybox" }],
            PriorityClassName = priorityClassName,
            Priority = priority,
            PreemptionPolicy = preemptionPolicy,
        },
    };

    private async Task<string> CreateClassAsync(string prefix, int value, bool globalDefault = false, string? preemptionPolicy = null)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await fixture.Client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass
        {
            Metadata = new V1ObjectMeta { Name = name },
            Value = value,
            GlobalDefault = globalDefault,
            PreemptionPolicy = preemptionPolicy,
        });
        return name;
    }

    [RequiresFact]
    public async Task Start_CreatesTheTwoSystemPriorityClasses()
    {
        var node = await fixture.Client.SchedulingV1.ReadPriorityClassAsync("system-node-critical");
        var cluster = await fixture.Client.SchedulingV1.ReadPriorityClassAsync("system-cluster-critical");

        Assert.Equal((2_000_001_000, "PreemptLowerPriority"), (node.Value, node.PreemptionPolicy));
        Assert.Equal((2_000_000_000, "PreemptLowerPriority"), (cluster.Value, cluster.PreemptionPolicy));
    }

    [RequiresFact]
    public async Task Create_PodWithClass_GetsTheClassValueAndPolicy()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");
        var high = await CreateClassAsync("high", 1000, preemptionPolicy: "Never");

        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web", high), ns);

        Assert.Equal((high, 1000, "Never"), (pod.Spec.PriorityClassName, pod.Spec.Priority, pod.Spec.PreemptionPolicy));
    }

    [RequiresFact]
    public async Task Create_PodWithSystemClass_GetsItsValue()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");

        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("dns", "system-cluster-critical"), ns);

        Assert.Equal(2_000_000_000, pod.Spec.Priority);
    }

    [RequiresFact]
    public async Task Create_PodWithoutClassAndNoGlobalDefault_GetsZero()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");

        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("plain"), ns);

        Assert.Equal((null, 0, "PreemptLowerPriority"), (pod.Spec.PriorityClassName, pod.Spec.Priority, pod.Spec.PreemptionPolicy));
    }

    [RequiresFact]
    public async Task Create_PodWithoutClass_GetsTheGlobalDefault_AndASecondDefaultIsForbidden()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");
        var standard = await CreateClassAsync("standard", 500, globalDefault: true);
        try
        {
            var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("plain"), ns);
            Assert.Equal((standard, 500), (pod.Spec.PriorityClassName, pod.Spec.Priority));

            var second = await Assert.ThrowsAsync<HttpOperationException>(() => CreateClassAsync("other", 10, globalDefault: true));
            Assert.Equal(HttpStatusCode.Forbidden, second.Response.StatusCode);
            Assert.Contains($"PriorityClass {standard} is already marked as default. Only one default can exist", second.Response.Content,
                StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Client.SchedulingV1.DeletePriorityClassAsync(standard);
        }
    }

    [RequiresFact]
    public async Task Create_PodWithUnknownClass_IsForbidden()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("x", "nope"), ns));

        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal(("Forbidden", "pods \"x\" is forbidden: no PriorityClass with name nope was found"), (status.Reason, status.Message));
    }

    [RequiresFact]
    public async Task Create_PodSettingAnotherPriorityThanItsClass_IsForbidden()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");
        var low = await CreateClassAsync("low", 10);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("cheat", low, priority: 999), ns));

        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Equal(
            "pods \"cheat\" is forbidden: the integer value of priority (999) must not be provided in pod spec; priority admission controller computed 10 from the given PriorityClass name",
            KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message);
    }

    [RequiresFact]
    public async Task Create_PodRepeatingItsClassValue_IsAccepted()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");
        var low = await CreateClassAsync("low", 10);

        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("same", low, priority: 10), ns);

        Assert.Equal(10, pod.Spec.Priority);
    }

    [RequiresFact]
    public async Task Update_PodWithoutPriorityFields_KeepsThem()
    {
        var ns = await fixture.CreateNamespaceAsync("prio");
        var low = await CreateClassAsync("low", 10);
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("keep", low), ns);

        // A client replacing the pod from its manifest (no priority fields) keeps what admission resolved.
        created.Spec.Priority = null;
        created.Spec.PreemptionPolicy = null;
        created.Metadata.Labels = new Dictionary<string, string> { ["changed"] = "yes" };
        var updated = await fixture.Client.CoreV1.ReplaceNamespacedPodAsync(created, "keep", ns);

        Assert.Equal((10, "PreemptLowerPriority", "yes"), (updated.Spec.Priority, updated.Spec.PreemptionPolicy, updated.Metadata.Labels["changed"]));
    }
}
