using Microsoft.Extensions.Logging.Abstractions;
using MiniKube.Scheduler.Config;
using MiniKube.Scheduler.Framework;
using Xunit;
using Plugin = MiniKube.Scheduler.Plugins.DefaultPreemption.DefaultPreemption;

namespace MiniKube.Scheduler.Tests.Plugins.DefaultPreemption;

/// <summary>Victim selection on one hand-made node, with the default profile's Filter plugins doing the what-if runs.</summary>
public sealed class DefaultPreemptionTests
{
    private static (FrameworkImpl Framework, Plugin Plugin) DefaultProfile(params NodeInfo[] nodes)
    {
        var config = new KubeSchedulerConfiguration();
        ConfigDefaults.Apply(config);
        Assert.Empty(Scheduler.Validate(config, null, NullLoggerFactory.Instance, out var profiles));
        var fw = profiles["default-scheduler"];
        fw.Snapshot = new Snapshot(nodes);
        return (fw, fw.PostFilterPlugins.OfType<Plugin>().Single());
    }

    private static (List<string>? Victims, Status Status) Select(NodeInfo node, k8s.Models.V1Pod pod)
    {
        var (fw, plugin) = DefaultProfile(node);
        var state = new CycleState();
        fw.RunPreFilterPlugins(state, pod, [node]);
        var (victims, status) = plugin.SelectVictimsOnNode(state, pod, node);
        return (victims?.Select(v => v.Pod.Metadata.Name).Order(StringComparer.Ordinal).ToList(), status);
    }

    [Fact]
    public void SelectVictims_EvictsOnlyWhatIsNeeded_LowestPriorityFirst()
    {
        // A full 4-cpu node: 1-cpu pods of priority 1, 2, 3 and 10. A 1-cpu pod of priority 5 fits once 1, 2 and 3
        // are removed; adding them back most important first, 3 and 2 still leave room: only the priority-1 pod goes.
        var node = Make.Node(cpu: "4", podsOnNode:
            [Make.Pod("p1", cpu: "1", priority: 1), Make.Pod("p2", cpu: "1", priority: 2), Make.Pod("p3", cpu: "1", priority: 3), Make.Pod("p10", cpu: "1", priority: 10)]);

        var (victims, status) = Select(node, Make.Pod("new", cpu: "1", priority: 5));

        Assert.True(status.IsSuccess);
        Assert.Equal(["p1"], victims);
    }

    [Fact]
    public void SelectVictims_NeedsSeveral_ReprievesTheMostImportantFirst()
    {
        // A 2-cpu pod: the priority-3 pod is added back first and fits, so 1 and 2 are the victims.
        var node = Make.Node(cpu: "4", podsOnNode:
            [Make.Pod("p1", cpu: "1", priority: 1), Make.Pod("p2", cpu: "1", priority: 2), Make.Pod("p3", cpu: "1", priority: 3), Make.Pod("p10", cpu: "1", priority: 10)]);

        var (victims, _) = Select(node, Make.Pod("new", cpu: "2", priority: 5));

        Assert.Equal(["p1", "p2"], victims);
    }

    [Fact]
    public void SelectVictims_NoLowerPriorityPods_IsUnresolvable()
    {
        var node = Make.Node(cpu: "1", podsOnNode: [Make.Pod("same", cpu: "1", priority: 5)]);

        var (victims, status) = Select(node, Make.Pod("new", cpu: "1", priority: 5));

        Assert.Null(victims);
        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "No preemption victims found for incoming pod"), (status.Code, status.Message));
    }

    [Fact]
    public void SelectVictims_StillDoesNotFitWithoutThem_ReportsTheFilterReason()
    {
        // Removing every lower-priority pod frees 1 cpu of 2; the pod wants 3 (a higher-priority pod holds the other).
        var node = Make.Node(cpu: "2", podsOnNode: [Make.Pod("low", cpu: "1", priority: 1), Make.Pod("high", cpu: "1", priority: 100)]);

        var (victims, status) = Select(node, Make.Pod("new", cpu: "3", priority: 5));

        Assert.Null(victims);
        Assert.Equal((StatusCode.Unschedulable, "Insufficient cpu"), (status.Code, status.Message));
    }
}
