using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Rootfs;

/// <summary>
/// Fills the container's /dev (a fresh tmpfs) with the device nodes every Linux program expects (null, zero, full,
/// random, urandom, tty), the ones config.json lists under linux.devices, and the usual symlinks (/dev/fd,
/// /dev/stdin…, /dev/ptmx). Whether the container may actually open a device is the devices cgroup's decision
/// (Cgroups/V1/Devices.cs), not the node's.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md#default-devices
/// </summary>
internal static class Devices
{
    /// <summary>The runtime spec's default devices: character devices, mode 0666, owned by root.</summary>
    public static readonly IReadOnlyList<LinuxDevice> Default =
    [
        new() { Path = "/dev/null", Type = "c", Major = 1, Minor = 3, FileMode = 0x1B6 },
        new() { Path = "/dev/zero", Type = "c", Major = 1, Minor = 5, FileMode = 0x1B6 },
        new() { Path = "/dev/full", Type = "c", Major = 1, Minor = 7, FileMode = 0x1B6 },
        new() { Path = "/dev/random", Type = "c", Major = 1, Minor = 8, FileMode = 0x1B6 },
        new() { Path = "/dev/urandom", Type = "c", Major = 1, Minor = 9, FileMode = 0x1B6 },
        new() { Path = "/dev/tty", Type = "c", Major = 5, Minor = 0, FileMode = 0x1B6 },
    ];

    public static void Create(string rootfs, IEnumerable<LinuxDevice>? configured)
    {
        // mknod(2) applies the umask to the mode; clear it so 0666 stays 0666.
        var oldUmask = Libc.umask(0);
        try
        {
            foreach (var device in Default.Concat(configured ?? [])) MakeNode(rootfs, device);
            Symlinks(rootfs);
        }
        finally
        {
            _ = Libc.umask(oldUmask);
        }
    }

    private static void MakeNode(string rootfs, LinuxDevice device)
    {
        var path = SecurePath.Resolve(rootfs, device.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var type = device.Type switch
        {
            "c" or "u" => Libc.S_IFCHR,
            "b" => Libc.S_IFBLK,
            "p" => Libc.S_IFIFO,
            _ => throw new InvalidOperationException($"device {device.Path} has unknown type \"{device.Type}\" (use c, b, u or p)"),
        };
        var mode = (device.FileMode ?? 0x1B6) & 0xFFF;
        if (Path.Exists(path)) File.Delete(path);   // replace whatever the image shipped there
        Libc.Check(Libc.mknod(path, type | mode, Libc.MakeDev(device.Major, device.Minor)), $"mknod {device.Path}");
        Libc.Check(Libc.chown(path, device.Uid ?? 0, device.Gid ?? 0), $"chown {device.Path}");
    }

    private static void Symlinks(string rootfs)
    {
        var links = new List<(string Link, string Target)>
        {
            ("/dev/fd", "/proc/self/fd"),
            ("/dev/stdin", "/proc/self/fd/0"),
            ("/dev/stdout", "/proc/self/fd/1"),
            ("/dev/stderr", "/proc/self/fd/2"),
            ("/dev/ptmx", "pts/ptmx"),          // each devpts instance has its own ptmx
        };
        if (File.Exists("/proc/kcore")) links.Add(("/dev/core", "/proc/kcore"));
        foreach (var (link, target) in links)
        {
            var path = SecurePath.Resolve(rootfs, link);
            if (Path.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
            File.CreateSymbolicLink(path, target);
        }
    }
}
