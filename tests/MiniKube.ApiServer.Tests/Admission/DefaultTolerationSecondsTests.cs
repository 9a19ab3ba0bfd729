using k8s;
using k8s.Models;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.ApiServer.Tests.Admission;

/// <summary>The DefaultTolerationSeconds admission plugin, on by default, seen through pods created over the wire.</summary>
public sealed class DefaultTolerationSecondsTests(SqliteApiServerFixture fixture) : IClassFixture<SqliteApiServerFixture>
{
    private static V1Pod Pod(string name, params V1Toleration[] tolerations) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }], Tolerations = tolerations.Length == 0 ? null : tolerations },
    };

    [RequiresFact]
    public async Task Create_PodWithoutTolerations_Gets300SecondsForNotReadyAndUnreachable()
    {
        var ns = await fixture.CreateNamespaceAsync("dts");
        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("plain"), ns);

        Assert.Collection(pod.Spec.Tolerations.OrderBy(t => t.Key, StringComparer.Ordinal),
            t => Assert.Equal(("node.kubernetes.io/not-ready", "Exists", "NoExecute", 300L), (t.Key, t.OperatorProperty, t.Effect, t.TolerationSeconds)),
            t => Assert.Equal(("node.kubernetes.io/unreachable", "Exists", "NoExecute", 300L), (t.Key, t.OperatorProperty, t.Effect, t.TolerationSeconds)));
    }

    [RequiresFact]
    public async Task Create_PodWithItsOwnUnreachableToleration_KeepsItAndGetsOnlyNotReady()
    {
        var ns = await fixture.CreateNamespaceAsync("dts");
        var own = new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 2 };
        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("own", own), ns);

        Assert.Equal(2, pod.Spec.Tolerations.Count);
        Assert.Equal(2L, pod.Spec.Tolerations.Single(t => t.Key == "node.kubernetes.io/unreachable").TolerationSeconds);
        Assert.Equal(300L, pod.Spec.Tolerations.Single(t => t.Key == "node.kubernetes.io/not-ready").TolerationSeconds);
    }

    [RequiresFact]
    public async Task Create_PodToleratingEverything_GetsNothingAdded()
    {
        var ns = await fixture.CreateNamespaceAsync("dts");
        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("all", new V1Toleration { OperatorProperty = "Exists" }), ns);

        Assert.Equal("Exists", Assert.Single(pod.Spec.Tolerations).OperatorProperty);
    }
}
