using MiniKube.Runc.Interop;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// linux.maskedPaths: paths (typically /proc/kcore, /proc/keys, /sys/firmware) hidden from the container because
/// they leak host information or are dangerous to read. A file is covered by a bind mount of /dev/null, a directory
/// by an empty read-only tmpfs.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md#masked-paths
/// </summary>
internal static class MaskedPaths
{
    public static void Apply(IEnumerable<string>? paths)
    {
        foreach (var path in paths ?? [])
        {
            if (Directory.Exists(path))
                Libc.Check(Libc.mount("tmpfs", path, "tmpfs", Libc.MS_RDONLY, null), $"mask {path} with an empty tmpfs");
            else if (File.Exists(path))
                Libc.Check(Libc.mount("/dev/null", path, null, Libc.MS_BIND, null), $"mask {path} with /dev/null");
        }
    }
}
