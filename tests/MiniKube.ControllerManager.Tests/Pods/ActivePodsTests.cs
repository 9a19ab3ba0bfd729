using k8s.Models;
using MiniKube.ControllerManager.Pods;
using Xunit;

namespace MiniKube.ControllerManager.Tests.Pods;

public sealed class ActivePodsTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string name, string? node = "n1", string phase = "Running", bool ready = true, int restarts = 0, int createdMinutes = 0,
        string? cost = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            CreationTimestamp = T0.AddMinutes(createdMinutes),
            Annotations = cost is null ? null : new Dictionary<string, string> { [ActivePods.PodDeletionCostAnnotation] = cost },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = T0 }],
            ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts, Image = "i", ImageID = "", Ready = ready }],
        },
    };

    public static TheoryData<V1Pod, V1Pod> DeletedFirst => new()
    {
        { Pod("unscheduled", node: null, phase: "Pending", ready: false), Pod("scheduled", phase: "Pending", ready: false) },
        { Pod("pending", phase: "Pending", ready: false), Pod("running") },
        { Pod("unknown", phase: "Unknown", ready: false), Pod("running", ready: false) },
        { Pod("not-ready", ready: false), Pod("ready") },
        { Pod("cheap", cost: "-5"), Pod("dear", cost: "5") },
        { Pod("restarts", restarts: 3), Pod("no-restarts") },
        { Pod("newer", createdMinutes: 10), Pod("older", createdMinutes: 1) },
    };

    [Theory]
    [MemberData(nameof(DeletedFirst))]
    public void Compare_RanksTheLessUsefulPodFirst(V1Pod first, V1Pod second)
    {
        Assert.True(ActivePods.Compare(first, 1, second, 1) < 0, $"{first.Metadata.Name} should go before {second.Metadata.Name}");
        Assert.True(ActivePods.Compare(second, 1, first, 1) > 0);
    }

    [Fact]
    public void ToDelete_PodsOnCrowdedNodesGoFirst()
    {
        var crowded = Pod("crowded", node: "n1");
        var alone = Pod("alone", node: "n2");
        Assert.Equal("crowded", ActivePods.ToDelete([(alone, 1), (crowded, 3)], 1).Single().Metadata.Name);
    }
}
