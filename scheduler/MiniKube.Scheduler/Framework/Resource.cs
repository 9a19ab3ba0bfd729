using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>
/// Compute resources as plain numbers (upstream framework <c>Resource</c>): cpu in millicores, memory and
/// ephemeral-storage in bytes, a pod count, and extended resources (e.g. example.com/gpu) by name. Quantities are
/// parsed once, when a pod or node enters the cache, never per node per cycle.
/// Concept: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
/// </summary>
public sealed class Resource
{
    public long MilliCpu { get; set; }
    public long Memory { get; set; }
    public long EphemeralStorage { get; set; }
    public long AllowedPodNumber { get; set; }

    /// <summary>Extended resources (anything else with a domain, e.g. nvidia.com/gpu); null until one is set.</summary>
    public Dictionary<string, long>? ScalarResources { get; private set; }

    public static Resource From(IDictionary<string, ResourceQuantity>? list)
    {
        var r = new Resource();
        r.Add(list);
        return r;
    }

    public void Add(IDictionary<string, ResourceQuantity>? list)
    {
        if (list is null) return;
        foreach (var (name, quantity) in list) Add(name, Quantities.ValueOf(name, quantity));
    }

    /// <summary>Adds <paramref name="value"/> (millicores for cpu, else whole units) to <paramref name="name"/>.</summary>
    public void Add(string name, long value)
    {
        switch (name)
        {
            case "cpu": MilliCpu += value; break;
            case "memory": Memory += value; break;
            case "ephemeral-storage": EphemeralStorage += value; break;
            case "pods": AllowedPodNumber += value; break;
            default:
                if (!IsScalarResourceName(name)) break;
                ScalarResources ??= new Dictionary<string, long>(StringComparer.Ordinal);
                ScalarResources[name] = ScalarResources.GetValueOrDefault(name) + value;
                break;
        }
    }

    public void Add(Resource other, int sign = 1)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        AllowedPodNumber += sign * other.AllowedPodNumber;
        if (other.ScalarResources is null) return;
        ScalarResources ??= new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in other.ScalarResources) ScalarResources[name] = ScalarResources.GetValueOrDefault(name) + sign * value;
    }

    /// <summary>Takes, per resource, the larger of this and <paramref name="other"/> (init containers run one at a time).</summary>
    public void SetMax(Resource other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        if (other.ScalarResources is null) return;
        ScalarResources ??= new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in other.ScalarResources) ScalarResources[name] = Math.Max(ScalarResources.GetValueOrDefault(name), value);
    }

    /// <summary>The amount of <paramref name="name"/> (millicores for cpu).</summary>
    public long Get(string name) => name switch
    {
        "cpu" => MilliCpu,
        "memory" => Memory,
        "ephemeral-storage" => EphemeralStorage,
        "pods" => AllowedPodNumber,
        _ => ScalarResources?.GetValueOrDefault(name) ?? 0,
    };

    public Resource Clone()
    {
        var copy = new Resource { MilliCpu = MilliCpu, Memory = Memory, EphemeralStorage = EphemeralStorage, AllowedPodNumber = AllowedPodNumber };
        if (ScalarResources is not null) copy.ScalarResources = new Dictionary<string, long>(ScalarResources, StringComparer.Ordinal);
        return copy;
    }

    // Extended resources are the ones with a domain prefix ("example.com/foo"), hugepages and attachable volumes.
    private static bool IsScalarResourceName(string name) =>
        name.Contains('/', StringComparison.Ordinal) || name.StartsWith("hugepages-", StringComparison.Ordinal);

    public override string ToString() => $"cpu={MilliCpu}m memory={Memory} pods={AllowedPodNumber}";
}
