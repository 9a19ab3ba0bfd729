using MiniKube.Runc.Cgroups;
using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// A mount of type "cgroup" at /sys/fs/cgroup: the container's view of its own cgroups, so tools inside can read
/// their limits. On cgroup v2 that is one cgroup2 mount; on v1 a tmpfs holding one mount per hierarchy
/// (/sys/fs/cgroup/memory, /sys/fs/cgroup/pids, …). With a cgroup namespace a fresh mount already shows only the
/// container's subtree; without one, the container's own directories are bind-mounted from the host instead, so the
/// container never sees the host's tree.
/// Concept: https://man7.org/linux/man-pages/man7/cgroup_namespaces.7.html
/// </summary>
internal static class CgroupMount
{
    public static void Apply(string destination, MountOptions options, CgroupMountInfo cgroups)
    {
        Directory.CreateDirectory(destination);
        var flags = options.Flags & (Libc.MS_RDONLY | Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC | Libc.MS_RELATIME);

        if (cgroups.Layout.Mode == CgroupMode.Unified)
        {
            if (cgroups.OwnNamespace)
                Libc.Check(Libc.mount("cgroup2", destination, "cgroup2", flags, null), "mount cgroup2 on /sys/fs/cgroup");
            else
                Bind(cgroups.ContainerPaths[""], destination, flags);
            return;
        }

        // cgroup v1: a small tmpfs to hold one directory per hierarchy; made read-only at the end if asked.
        Libc.Check(Libc.mount("tmpfs", destination, "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, "mode=755"),
            "mount tmpfs on /sys/fs/cgroup");
        foreach (var h in cgroups.Layout.V1Hierarchies)
        {
            var name = Path.GetFileName(h.MountPoint);            // "memory", "cpu,cpuacct", "systemd"
            var target = Path.Join(destination, name);
            Directory.CreateDirectory(target);
            if (cgroups.OwnNamespace)
            {
                // Named hierarchies (name=systemd) have no controller and are mounted with "none,name=…".
                var data = string.Join(',', h.Controllers);
                if (h.Controllers.All(c => c.StartsWith("name=", StringComparison.Ordinal))) data = "none," + data;
                Libc.Check(Libc.mount("cgroup", target, "cgroup", flags, data), $"mount cgroup {data} on /sys/fs/cgroup/{name}");
            }
            else if (cgroups.ContainerPaths.TryGetValue(h.Name, out var hostPath))
            {
                Bind(hostPath, target, flags);
            }
            // A hierarchy holding several controllers ("cpu,cpuacct") is also reachable under each name.
            if (name.Contains(',', StringComparison.Ordinal))
                foreach (var c in name.Split(',')) File.CreateSymbolicLink(Path.Join(destination, c), name);
        }
        if ((flags & Libc.MS_RDONLY) != 0)
            Libc.Check(Libc.mount(null, destination, null, Libc.MS_REMOUNT | Libc.MS_BIND | flags | Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, null),
                "remount /sys/fs/cgroup read-only");
    }

    private static void Bind(string source, string target, ulong flags)
    {
        Libc.Check(Libc.mount(source, target, null, Libc.MS_BIND, null), $"bind mount {source} on {target}");
        Libc.Check(Libc.mount(null, target, null, Libc.MS_BIND | Libc.MS_REMOUNT | flags, null), $"remount {target}");
    }
}
