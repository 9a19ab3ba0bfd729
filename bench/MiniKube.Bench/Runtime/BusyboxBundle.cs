using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniKube.Bench.Runtime;

/// <summary>
/// The OCI bundle the runtime benchmark runs: Debian's busybox-static as rootfs/bin/busybox plus one symlink per applet
/// (from `busybox --list`, never busybox itself), and a config.json like `runc spec` writes with the namespaces the
/// minirunc tests use (pid, network, ipc, uts, mount). The same bundle as tests/MiniKube.Runc.Tests' BusyboxBundle,
/// written again here because the benchmark does not reference test projects.
/// </summary>
internal static class BusyboxBundle
{
    public const string Busybox = "/bin/busybox";

    /// <summary>The namespaces of the bundle, as OCI names; the floor (`unshare`) creates the same ones.</summary>
    public static readonly string[] Namespaces = ["pid", "network", "ipc", "uts", "mount"];

    /// <summary>Writes the bundle into <paramref name="directory"/> (created) with <paramref name="args"/> as the process.</summary>
    public static void Create(string directory, params string[] args)
    {
        if (!File.Exists(Busybox)) throw new InvalidOperationException($"{Busybox} not found: install busybox-static (`make deps-test` does)");
        var bin = Path.Join(directory, "rootfs", "bin");
        Directory.CreateDirectory(bin);
        File.Copy(Busybox, Path.Join(bin, "busybox"));
        foreach (var applet in ListApplets())
        {
            if (applet != "busybox") File.CreateSymbolicLink(Path.Join(bin, applet), "busybox");
        }
        File.WriteAllText(Path.Join(directory, "config.json"), Config(args).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string[] ListApplets()
    {
        var info = new ProcessStartInfo(Busybox, "--list") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static JsonObject Config(string[] args)
    {
        var caps = new[] { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" };
        JsonArray Caps() => new([.. caps.Select(c => JsonValue.Create(c))]);
        return new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
                ["args"] = new JsonArray([.. args.Select(a => JsonValue.Create(a))]),
                ["env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                ["cwd"] = "/",
                ["capabilities"] = new JsonObject
                {
                    ["bounding"] = Caps(), ["effective"] = Caps(), ["permitted"] = Caps(), ["ambient"] = Caps(),
                },
                ["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["hard"] = 1024, ["soft"] = 1024 }),
                ["noNewPrivileges"] = true,
            },
            ["root"] = new JsonObject { ["path"] = "rootfs", ["readonly"] = true },
            ["hostname"] = "busybox-bench",
            ["mounts"] = new JsonArray(
                Mount("/proc", "proc", "proc"),
                Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
                Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
                Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
                Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
                Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro")),
            ["linux"] = new JsonObject
            {
                ["resources"] = new JsonObject
                {
                    ["devices"] = new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }),
                },
                ["namespaces"] = new JsonArray([.. Namespaces.Select(t => new JsonObject { ["type"] = t })]),
                ["maskedPaths"] = new JsonArray(
                    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"),
                ["readonlyPaths"] = new JsonArray("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
            },
        };
    }

    private static JsonObject Mount(string destination, string type, string source, params string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = new JsonArray([.. options.Select(o => JsonValue.Create(o))]),
    };
}
