using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// Makes one of config.json's "mounts" inside the rootfs: a fresh filesystem (proc, sysfs, tmpfs, devpts, mqueue…)
/// or a bind mount of a host path (how Kubernetes volumes, /etc/hosts and secrets get into a container).
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/config.md#mounts,
/// https://man7.org/linux/man-pages/man2/mount.2.html
/// </summary>
internal static class Mounts
{
    public static void Apply(Mount m, string rootfs, string bundle, CgroupMountInfo cgroups)
    {
        var destination = SecurePath.Resolve(rootfs, m.Destination);
        var options = MountOptions.Parse(m.Options);

        if (m.Type == "bind" || options.IsBind)
        {
            BindMount(m, destination, options, bundle);
        }
        else if (m.Type == "cgroup")
        {
            CgroupMount.Apply(destination, options, cgroups);
        }
        else
        {
            Directory.CreateDirectory(destination);
            var flags = options.Flags & ~Libc.MS_REMOUNT;
            Libc.Check(Libc.mount(m.Source ?? m.Type, destination, m.Type, flags, options.Data.Length > 0 ? options.Data : null),
                $"mount {m.Type} on {m.Destination}");
        }

        // Propagation (shared/slave/private) is a property of the mount point, set by a call of its own.
        if (options.Propagation != 0)
            Libc.Check(Libc.mount(null, destination, null, options.Propagation, null), $"set propagation of {m.Destination}");
    }

    /// <summary>
    /// A bind mount makes a host file or directory appear at the destination too. The kernel ignores flags such as
    /// "ro" on the bind itself, so they are applied with a second, remount call.
    /// </summary>
    private static void BindMount(Mount m, string destination, MountOptions options, string bundle)
    {
        if (string.IsNullOrEmpty(m.Source)) throw new InvalidOperationException($"bind mount on {m.Destination} has no source");
        // A relative source is relative to the bundle directory (runtime spec, "mounts").
        var source = Path.IsPathRooted(m.Source) ? m.Source : Path.Join(bundle, m.Source);
        if (Directory.Exists(source))
        {
            Directory.CreateDirectory(destination);
        }
        else if (File.Exists(source) || new FileInfo(source).LinkTarget is not null)
        {
            // A file (or a device, socket…) needs a file to be mounted on.
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (!Path.Exists(destination)) File.WriteAllBytes(destination, []);
        }
        else
        {
            throw new FileNotFoundException($"bind mount source {source} for {m.Destination} does not exist");
        }

        Libc.Check(Libc.mount(source, destination, null, Libc.MS_BIND | (options.Flags & Libc.MS_REC), null),
            $"bind mount {source} on {m.Destination}");
        var extra = options.Flags & ~(Libc.MS_BIND | Libc.MS_REC | Libc.MS_REMOUNT);
        if (extra != 0)
            Libc.Check(Libc.mount(null, destination, null, Libc.MS_BIND | Libc.MS_REMOUNT | extra, null),
                $"remount bind mount {m.Destination} with its options");
    }
}
