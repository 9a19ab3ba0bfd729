using System.Globalization;
using MiniKube.Cri.V1;
using MiniKube.Runtime.Interop;

namespace MiniKube.Runtime.Bundles;

/// <summary>
/// Writes the OCI config.json for a pod sandbox's pause container and for an application container (containerd's
/// internal/cri/server/podsandbox/sandbox_run_linux.go and container_create_linux.go, which build the same spec).
/// The CRI request decides the process, mounts and resources; the image config fills in what the request leaves out.
/// Concept: https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
/// </summary>
public static class BundleSpecs
{
    /// <summary>containerd's default capability set (oci.WithDefaultCapabilities), the same as Docker's.</summary>
    public static readonly IReadOnlyList<string> DefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    private static readonly List<string> MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
    ];

    private static readonly List<string> ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>The mounts every container gets (runc spec's defaults): proc, a tmpfs /dev, devpts, mqueue, sysfs and cgroups read-only.</summary>
    private static List<OciMount> DefaultMounts() =>
    [
        new("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]),
        new("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        new("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        new("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]),
        new("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
        new("/sys/fs/cgroup", "cgroup", "cgroup", ["nosuid", "noexec", "nodev", "relatime", "ro"]),
    ];

    /// <summary>
    /// The pause container: the image's entrypoint, new network (or the CNI one, by path), IPC, UTS, PID and mount
    /// namespaces, the pod's hostname, a read-only rootfs, in the cgroup <c>cgroup_parent/&lt;sandbox id&gt;</c>.
    /// </summary>
    public static OciSpec Sandbox(string sandboxId, PodSandboxConfig config, ImageConfig image, string? netnsPath, string cgroupsPath)
    {
        var args = image.Entrypoint.Concat(image.Cmd).ToList();
        if (args.Count == 0) throw new InvalidArgumentException("the sandbox image has neither an entrypoint nor a command");
        return new OciSpec
        {
            Process = new OciProcess
            {
                User = new OciUser(),
                Args = args,
                Env = [.. image.Env],
                Cwd = "/",
                Capabilities = Capabilities([.. DefaultCapabilities]),
                NoNewPrivileges = true,
                // containerd gives pause -998 so the OOM killer takes it last.
                OomScoreAdj = RestrictOomScoreAdj(-998),
            },
            Root = new OciRoot("rootfs", Readonly: true),
            Hostname = string.IsNullOrEmpty(config.Hostname) ? null : config.Hostname,
            Mounts = DefaultMounts(),
            Linux = new OciLinux
            {
                Namespaces =
                [
                    new("pid"), new("ipc"), new("uts"), new("mount"),
                    new("network", netnsPath),
                ],
                CgroupsPath = cgroupsPath,
                Resources = new OciResources { Devices = [DenyAllDevices] },
                Sysctl = config.Linux?.Sysctls is { Count: > 0 } sysctls ? new Dictionary<string, string>(sysctls) : null,
                MaskedPaths = MaskedPaths,
                ReadonlyPaths = ReadonlyPaths,
            },
            Annotations = new() { ["io.kubernetes.cri.container-type"] = "sandbox", ["io.kubernetes.cri.sandbox-id"] = sandboxId },
        };
    }

    /// <summary>
    /// An application container: Kubernetes' command/args rules over the image's ENTRYPOINT/CMD, the image's env
    /// overridden by the request's, the pod's network, IPC and UTS namespaces joined by path, the sandbox's
    /// hostname/hosts/resolv.conf files and /dev/shm bind-mounted, the requested mounts and resources.
    /// </summary>
    public static OciSpec Container(string containerId, string sandboxId, ContainerConfig config, ImageConfig image, ContainerFiles files,
        SandboxNamespaces namespaces, string cgroupsPath, string rootfs)
    {
        // https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
        var args = config.Command.Count > 0
            ? [.. config.Command, .. config.Args]
            : image.Entrypoint.Concat(config.Args.Count > 0 ? config.Args : image.Cmd).ToList();
        if (args.Count == 0) throw new InvalidArgumentException($"container {config.Metadata?.Name}: no command specified, and the image has no ENTRYPOINT or CMD");

        var env = new List<string>(image.Env);
        foreach (var kv in config.Envs)
        {
            env.RemoveAll(e => e.StartsWith(kv.Key + "=", StringComparison.Ordinal));
            env.Add($"{kv.Key}={kv.Value}");
        }
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) env.Insert(0, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        if (!env.Any(e => e.StartsWith("HOSTNAME=", StringComparison.Ordinal)) && files.Hostname is not null) env.Add("HOSTNAME=" + files.Hostname);
        // A terminal: the OCI runtime makes a pty the process's stdio and sends its master to the shim (containerd's WithTTY).
        if (config.Tty && !env.Any(e => e.StartsWith("TERM=", StringComparison.Ordinal))) env.Add("TERM=xterm");

        var security = config.Linux?.SecurityContext;
        var caps = new List<string>(DefaultCapabilities);
        if (security?.Capabilities is { } requested)
        {
            static string Cap(string c) => c.StartsWith("CAP_", StringComparison.Ordinal) ? c : "CAP_" + c.ToUpperInvariant();
            if (requested.DropCapabilities.Any(c => c.Equals("ALL", StringComparison.OrdinalIgnoreCase))) caps.Clear();
            caps.RemoveAll(c => requested.DropCapabilities.Select(Cap).Contains(c));
            caps.AddRange(requested.AddCapabilities.Where(c => !c.Equals("ALL", StringComparison.OrdinalIgnoreCase)).Select(Cap).Where(c => !caps.Contains(c)));
        }

        var mounts = DefaultMounts();
        mounts.Add(Bind("/dev/shm", files.Shm, readOnly: false));
        if (files.Hostname is not null) mounts.Add(Bind("/etc/hostname", files.HostnameFile, readOnly: false));
        mounts.Add(Bind("/etc/hosts", files.Hosts, readOnly: false));
        mounts.Add(Bind("/etc/resolv.conf", files.ResolvConf, readOnly: false));
        foreach (var m in config.Mounts)
        {
            if (string.IsNullOrEmpty(m.ContainerPath) || !m.ContainerPath.StartsWith('/'))
                throw new InvalidArgumentException($"mount container_path \"{m.ContainerPath}\" must be an absolute path");
            if (!Path.Exists(m.HostPath)) throw new InvalidArgumentException($"mount host_path \"{m.HostPath}\" does not exist");
            // A later mount at the same destination replaces ours (a pod's own /etc/hosts, as the kubelet mounts it).
            mounts.RemoveAll(x => x.Destination == m.ContainerPath);
            mounts.Add(Bind(m.ContainerPath, m.HostPath, m.Readonly));
        }

        var resources = config.Linux?.Resources;
        var (devices, deviceRules) = Devices(config, privileged: security?.Privileged == true);
        return new OciSpec
        {
            Process = new OciProcess
            {
                Terminal = config.Tty,
                User = User(security, image.User, rootfs),
                Args = args,
                Env = env,
                Cwd = !string.IsNullOrEmpty(config.WorkingDir) ? config.WorkingDir : image.WorkingDir is { Length: > 0 } wd ? wd : "/",
                Capabilities = Capabilities(security?.Privileged == true ? [.. caps.Union(DefaultCapabilities)] : caps),
                NoNewPrivileges = security?.NoNewPrivs ?? false,
                OomScoreAdj = resources is null ? null : RestrictOomScoreAdj((int)resources.OomScoreAdj),
            },
            Root = new OciRoot("rootfs", Readonly: security?.ReadonlyRootfs ?? false),
            Hostname = null,
            Mounts = mounts,
            Linux = new OciLinux
            {
                Namespaces =
                [
                    new("pid"), new("mount"),
                    new("network", namespaces.Network), new("ipc", namespaces.Ipc), new("uts", namespaces.Uts),
                ],
                CgroupsPath = cgroupsPath,
                Resources = (Resources(resources) ?? new OciResources()) with { Devices = deviceRules },
                Devices = devices.Count > 0 ? devices : null,
                MaskedPaths = security?.MaskedPaths is { Count: > 0 } masked ? [.. masked] : MaskedPaths,
                ReadonlyPaths = security?.ReadonlyPaths is { Count: > 0 } ro ? [.. ro] : ReadonlyPaths,
            },
            Annotations = new()
            {
                ["io.kubernetes.cri.container-type"] = "container",
                ["io.kubernetes.cri.container-name"] = config.Metadata?.Name ?? "",
                ["io.kubernetes.cri.sandbox-id"] = sandboxId,
                ["io.kubernetes.cri.container-id"] = containerId,
            },
        };
    }

    /// <summary>
    /// containerd's default spec starts the devices cgroup from "deny everything"; the OCI runtime then allows the few
    /// nodes every container has (/dev/null, zero, full, random, urandom, tty, console, ptmx, pts, net/tun). Without
    /// it a container with CAP_MKNOD (a default capability) could mknod the host's disk and read it.
    /// </summary>
    private static readonly OciDeviceCgroup DenyAllDevices = new(Allow: false, Access: "rwm");

    /// <summary>
    /// ContainerConfig.devices (what the kubelet's device plugins ask for) as device nodes in the container's /dev and
    /// allow rules after the deny-all rule (containerd's WithDevices). A host path that is a directory brings every
    /// device node under it; a symlink is followed first. A privileged container may use every device.
    /// Upstream difference: containerd also creates all of the host's device nodes in a privileged container.
    /// Concept: https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/device-plugins/
    /// </summary>
    private static (List<OciDevice> Nodes, List<OciDeviceCgroup> Rules) Devices(ContainerConfig config, bool privileged)
    {
        var nodes = new List<OciDevice>();
        var rules = new List<OciDeviceCgroup> { privileged ? new OciDeviceCgroup(Allow: true, Access: "rwm") : DenyAllDevices };
        foreach (var device in config.Devices)
        {
            if (string.IsNullOrEmpty(device.ContainerPath) || !device.ContainerPath.StartsWith("/dev/", StringComparison.Ordinal))
                throw new InvalidArgumentException($"device container_path \"{device.ContainerPath}\" must be an absolute path under /dev");
            var access = string.IsNullOrEmpty(device.Permissions) ? "rwm" : device.Permissions;
            if (access.Any(c => c is not ('r' or 'w' or 'm')))
                throw new InvalidArgumentException($"device {device.HostPath}: permissions \"{device.Permissions}\" may only hold r, w and m");
            var hostPath = File.ResolveLinkTarget(device.HostPath, returnFinalTarget: true)?.FullName ?? device.HostPath;
            var found = Directory.Exists(hostPath)
                ? Directory.EnumerateFiles(hostPath, "*", SearchOption.AllDirectories)
                    .Select(f => (Host: f, Container: device.ContainerPath.TrimEnd('/') + "/" + Path.GetRelativePath(hostPath, f)))
                    .Where(f => Libc.DeviceNode(f.Host) is not null).ToList()
                : [(Host: hostPath, Container: device.ContainerPath)];
            foreach (var (host, containerPath) in found)
            {
                var node = Libc.DeviceNode(host)
                    ?? throw new InvalidArgumentException($"device host_path \"{device.HostPath}\" is not a character or block device");
                var type = node.Type == Libc.S_IFBLK ? "b" : "c";
                nodes.Add(new OciDevice(containerPath, type, node.Major, node.Minor, node.Mode, node.Uid, node.Gid));
                rules.Add(new OciDeviceCgroup(Allow: true, access, type, node.Major, node.Minor));
            }
        }
        return (nodes, rules);
    }

    /// <summary>The CRI's resources as OCI linux.resources (containerd's WithResources); 0 means "not set".</summary>
    public static OciResources? Resources(LinuxContainerResources? r)
    {
        if (r is null) return null;
        var cpu = new OciCpu
        {
            Shares = r.CpuShares > 0 ? (ulong)r.CpuShares : null,
            Quota = r.CpuQuota > 0 ? r.CpuQuota : null,
            Period = r.CpuPeriod > 0 ? (ulong)r.CpuPeriod : null,
            Cpus = string.IsNullOrEmpty(r.CpusetCpus) ? null : r.CpusetCpus,
            Mems = string.IsNullOrEmpty(r.CpusetMems) ? null : r.CpusetMems,
        };
        return new OciResources
        {
            Memory = r.MemoryLimitInBytes > 0 ? new OciMemory(r.MemoryLimitInBytes, r.MemorySwapLimitInBytes > 0 ? r.MemorySwapLimitInBytes : null) : null,
            Cpu = cpu == new OciCpu() ? null : cpu,
        };
    }

    /// <summary>
    /// containerd's restrict_oom_score_adj: lowering oom_score_adj below our own needs CAP_SYS_RESOURCE, which root
    /// may lack (in a container, or on these VMs), and runc then fails the whole container; so never ask for less
    /// than the runtime's own value.
    /// </summary>
    public static int RestrictOomScoreAdj(int requested)
    {
        var current = int.Parse(File.ReadAllText("/proc/self/oom_score_adj").Trim(), CultureInfo.InvariantCulture);
        return Math.Max(requested, current);
    }

    private static OciMount Bind(string destination, string source, bool readOnly) =>
        new(destination, "bind", source, readOnly ? ["rbind", "rprivate", "ro"] : ["rbind", "rprivate"]);

    private static OciCapabilities Capabilities(List<string> caps) => new() { Bounding = caps, Effective = caps, Permitted = caps };

    /// <summary>
    /// run_as_user / run_as_group from the request win; else the image's USER ("1000", "1000:1000", "name", "name:group"),
    /// with names looked up in the image's /etc/passwd and /etc/group (containerd's WithUser).
    /// </summary>
    private static OciUser User(LinuxContainerSecurityContext? security, string imageUser, string rootfs)
    {
        uint uid = 0, gid = 0;
        var gidSet = false;
        var user = security?.RunAsUsername is { Length: > 0 } name ? name : imageUser;
        if (security?.RunAsUser is { } runAs) user = runAs.Value.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(user))
        {
            var parts = user.Split(':', 2);
            if (uint.TryParse(parts[0], out var u)) uid = u;
            else if (Lookup(Path.Join(rootfs, "etc/passwd"), parts[0]) is { } entry)
            {
                uid = uint.Parse(entry[2], CultureInfo.InvariantCulture);
                gid = uint.Parse(entry[3], CultureInfo.InvariantCulture);
                gidSet = true;
            }
            else throw new InvalidArgumentException($"user \"{parts[0]}\" is not in the image's /etc/passwd");
            if (parts.Length == 2)
            {
                if (uint.TryParse(parts[1], out var g)) gid = g;
                else if (Lookup(Path.Join(rootfs, "etc/group"), parts[1]) is { } group) gid = uint.Parse(group[2], CultureInfo.InvariantCulture);
                else throw new InvalidArgumentException($"group \"{parts[1]}\" is not in the image's /etc/group");
                gidSet = true;
            }
            else if (!gidSet && Lookup(Path.Join(rootfs, "etc/passwd"), uid) is { } byUid) gid = uint.Parse(byUid[3], CultureInfo.InvariantCulture);
        }
        if (security?.RunAsGroup is { } runAsGroup) gid = (uint)runAsGroup.Value;
        var groups = security?.SupplementalGroups is { Count: > 0 } extra ? extra.Select(g => (uint)g).ToList() : null;
        return new OciUser { Uid = uid, Gid = gid, AdditionalGids = groups };
    }

    private static string[]? Lookup(string file, string name) => Entries(file).FirstOrDefault(e => e[0] == name);

    private static string[]? Lookup(string file, uint uid) =>
        Entries(file).FirstOrDefault(e => e[2] == uid.ToString(CultureInfo.InvariantCulture));

    // The rootfs belongs to the image: its /etc/passwd may be a symlink out of it, so read it only if it is a plain file.
    private static IEnumerable<string[]> Entries(string file) =>
        File.Exists(file) && new FileInfo(file).LinkTarget is null
            ? File.ReadLines(file).Select(l => l.Split(':')).Where(e => e.Length >= 4)
            : [];
}

/// <summary>The sandbox's namespaces an application container joins, as paths (/proc/&lt;pause pid&gt;/ns/… or the CNI netns).</summary>
public sealed record SandboxNamespaces(string Network, string Ipc, string Uts);

/// <summary>The per-pod files containerd keeps in the sandbox directory and bind-mounts into every container.</summary>
public sealed record ContainerFiles(string? Hostname, string HostnameFile, string Hosts, string ResolvConf, string Shm);
