using k8s.Models;

namespace MiniKube.Scheduler.Framework;

/// <summary>Turns a <see cref="ResourceQuantity"/> ("500m", "1Gi") into the integer the scheduler compares with.</summary>
public static class Quantities
{
    /// <summary>Millicores for cpu, whole units (bytes, pods, devices) for everything else; rounded up as upstream.</summary>
    public static long ValueOf(string name, ResourceQuantity quantity)
    {
        var value = quantity.ToDecimal();
        return name == "cpu" ? (long)Math.Ceiling(value * 1000) : (long)Math.Ceiling(value);
    }
}
