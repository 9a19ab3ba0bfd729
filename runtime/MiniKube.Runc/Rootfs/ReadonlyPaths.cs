using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// linux.readonlyPaths: paths (typically /proc/sys, /proc/sysrq-trigger, /proc/irq) that stay visible but become
/// read-only, by bind-mounting each onto itself and remounting that bind read-only. This is why `echo 1 >
/// /proc/sys/...` fails inside a container even for root: kernel-wide settings are not the container's to change.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md#readonly-paths
/// </summary>
internal static class ReadonlyPaths
{
    public static void Apply(IEnumerable<string>? paths)
    {
        foreach (var path in paths ?? [])
        {
            if (!Path.Exists(path)) continue;   // the spec says: skip paths that do not exist
            Libc.Check(Libc.mount(path, path, null, Libc.MS_BIND | Libc.MS_REC, null), $"bind mount readonly path {path}");
            Libc.Check(Libc.mount(null, path, null,
                Libc.MS_BIND | Libc.MS_REMOUNT | Libc.MS_RDONLY | Libc.MS_REC | Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, null),
                $"remount {path} read-only");
        }
    }
}
