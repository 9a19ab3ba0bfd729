namespace MiniKube.Runc.Cgroups.V1;

/// <summary>
/// cgroup v1 "freezer" controller: stops every process in the cgroup at once (FROZEN) and lets them go on (THAWED).
/// minirunc freezes before signalling all processes (kill --all, delete --force) so none can fork in between.
/// Concept: https://docs.kernel.org/admin-guide/cgroup-v1/freezer-subsystem.html
/// </summary>
internal static class Freezer
{
    public static void Freeze(CgroupDirectory dir)
    {
        dir.WriteFile("freezer.state", "FROZEN");
        // Freezing takes effect asynchronously; the file reads FREEZING until every task has stopped.
        for (var i = 0; i < 200 && dir.ReadFile("freezer.state") != "FROZEN"; i++) Thread.Sleep(10);
    }

    public static void Thaw(CgroupDirectory dir) => dir.WriteFile("freezer.state", "THAWED");
}
