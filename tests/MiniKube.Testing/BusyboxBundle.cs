using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniKube.Testing;

/// <summary>
/// An OCI bundle made from Debian's busybox-static: rootfs/bin/busybox plus one symlink per applet (from
/// `busybox --list`, never busybox itself), and a config.json like `runc spec` writes (terminal off). Tests edit
/// <see cref="Config"/> as JSON, so they can also write what our own model would never produce, then call
/// <see cref="Save"/>. The runtime tests use it, and the benchmark times containers in it (<see cref="Write"/>).
/// </summary>
public sealed class BusyboxBundle : IDisposable
{
    /// <summary>The bundle's namespaces, as OCI names.</summary>
    public static readonly IReadOnlyList<string> Namespaces = ["pid", "network", "ipc", "uts", "mount"];

    private static readonly Lazy<string[]> Applets = new(ListApplets);
    private readonly TestDirectory _dir = new();

    /// <summary>A bundle in a fresh <see cref="TestDirectory"/> (deleted on Dispose) that runs <paramref name="args"/> (default: sh).</summary>
    public BusyboxBundle(params string[] args)
    {
        Directory = _dir.Combine("bundle");
        Rootfs = System.IO.Path.Join(Directory, "rootfs");
        WriteRootfs(Rootfs);
        Config = DefaultConfig(args.Length > 0 ? args : ["sh"]);
        Save();
    }

    /// <summary>Writes a bundle that runs <paramref name="args"/> into <paramref name="directory"/>, which the caller owns and deletes.</summary>
    public static void Write(string directory, params string[] args)
    {
        WriteRootfs(System.IO.Path.Join(directory, "rootfs"));
        WriteConfig(directory, DefaultConfig(args));
    }

    /// <summary>The bundle directory (holds config.json and rootfs/).</summary>
    public string Directory { get; }
    public string Rootfs { get; }
    /// <summary>A scratch directory next to the bundle, for files a test shares with the host side.</summary>
    public string Scratch => _dir.Path;
    public JsonObject Config { get; private set; }

    public JsonObject Process => Config["process"]!.AsObject();
    public JsonObject Linux => Config["linux"]!.AsObject();

    public BusyboxBundle WithArgs(params string[] args)
    {
        Process["args"] = new JsonArray([.. args.Select(a => JsonValue.Create(a))]);
        return this;
    }

    /// <summary>Sets linux.resources.&lt;controller&gt; (e.g. "memory" → {"limit": …}).</summary>
    public BusyboxBundle WithResource(string controller, JsonObject value)
    {
        Linux["resources"] ??= new JsonObject();
        Linux["resources"]![controller] = value;
        return this;
    }

    public void Save() => WriteConfig(Directory, Config);

    public void Dispose() => _dir.Dispose();

    private static void WriteConfig(string directory, JsonObject config) =>
        File.WriteAllText(System.IO.Path.Join(directory, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    // rootfs/bin/busybox plus one symlink per applet.
    private static void WriteRootfs(string rootfs)
    {
        var bin = System.IO.Path.Join(rootfs, "bin");
        System.IO.Directory.CreateDirectory(bin);
        File.Copy(Prerequisites.RequireTool("busybox"), System.IO.Path.Join(bin, "busybox"));
        foreach (var applet in Applets.Value)
            if (applet != "busybox") File.CreateSymbolicLink(System.IO.Path.Join(bin, applet), "busybox");
    }

    private static string[] ListApplets()
    {
        var info = new ProcessStartInfo(Prerequisites.RequireTool("busybox"), "--list") { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static JsonObject DefaultConfig(string[] args)
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
            ["hostname"] = "busybox-test",
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
