using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// Turns a directory into the container's whole filesystem, in init, inside the new mount namespace. Two halves,
/// because a few steps must happen in between (hostname, sysctls): <see cref="Prepare"/> mounts everything and
/// pivots into the rootfs; <see cref="Finalize"/> locks things down (read-only and masked paths, read-only root).
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/config.md#root
/// </summary>
internal static class RootfsSetup
{
    /// <summary>
    /// Step 1: stop mount events from flowing back to the host (rslave unless rootfsPropagation says otherwise).
    /// Step 2: bind-mount the rootfs onto itself, because pivot_root needs the new root to be a mount point.
    /// Step 3: make each of config.json's mounts, in order.
    /// Step 4: create /dev's device nodes and symlinks, unless /dev is a bind mount of the host's.
    /// Step 5: pivot_root into the rootfs and detach the old root.
    /// </summary>
    public static void Prepare(RuntimeSpec spec, string rootfs, string bundle, CgroupMountInfo cgroups)
    {
        // Step 1
        var propagation = spec.Linux?.RootfsPropagation is { Length: > 0 } p
            ? MountOptions.PropagationFlag(p) ?? throw new InvalidOperationException($"unknown rootfsPropagation \"{p}\"")
            : Libc.MS_SLAVE | Libc.MS_REC;
        Libc.Check(Libc.mount(null, "/", null, propagation | Libc.MS_REC, null), "set the propagation of /");

        // Step 2
        Libc.Check(Libc.mount(rootfs, rootfs, null, Libc.MS_BIND | Libc.MS_REC, null), $"bind mount the rootfs {rootfs} onto itself");

        // Step 3
        foreach (var m in spec.Mounts ?? []) Mounts.Apply(m, rootfs, bundle, cgroups);

        // Step 4
        var devIsBind = spec.Mounts?.Any(m => m.Destination.TrimEnd('/') == "/dev" && (m.Type == "bind" || MountOptions.Parse(m.Options).IsBind)) == true;
        if (!devIsBind) Devices.Create(rootfs, spec.Linux?.Devices);

        // Step 5
        PivotRoot.Into(rootfs);
    }

    /// <summary>
    /// Step 6: make linux.readonlyPaths read-only.
    /// Step 7: hide linux.maskedPaths.
    /// Step 8: remount "/" read-only if root.readonly is set (after everything else, which needed to write).
    /// </summary>
    public static void Finalize(RuntimeSpec spec)
    {
        ReadonlyPaths.Apply(spec.Linux?.ReadonlyPaths);
        MaskedPaths.Apply(spec.Linux?.MaskedPaths);
        if (spec.Root?.Readonly == true)
            Libc.Check(Libc.mount(null, "/", null, Libc.MS_BIND | Libc.MS_REMOUNT | Libc.MS_RDONLY, null), "remount / read-only");
    }
}
