using System.Diagnostics;
using System.Text.Json;

namespace MiniKube.Testing.Runtime;

/// <summary>
/// A CNI network of the test's own: a bridge with a random name and a random 10.250.x.0/24 subnet, host-local IPAM
/// with its data dir in the test directory, portmap chained after it, written as a conflist into the runtime's
/// --cni-conf-dir. Dispose deletes the bridge and any network namespace, mount or cgroup the runtime left, so a
/// failing test leaves the machine clean; the assertions check that the runtime did it itself.
/// </summary>
public sealed class PodNetwork : IDisposable
{
    private readonly RuntimeProcess _runtime;

    public PodNetwork(RuntimeProcess runtime, string cgroupParentRoot)
    {
        _runtime = runtime;
        CgroupParentRoot = cgroupParentRoot;
        Bridge = "mkt" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        Subnet = $"10.250.{Random.Shared.Next(1, 250)}";
        IpamDir = runtime.Dir.Combine("cni-ipam");
        Directory.CreateDirectory(runtime.CniConfDir);
        var conflist = new
        {
            cniVersion = "1.0.0",
            name = "minikube-test",
            plugins = new object[]
            {
                new
                {
                    type = "bridge", bridge = Bridge, isGateway = true, ipMasq = false, hairpinMode = true,
                    ipam = new { type = "host-local", ranges = new[] { new[] { new { subnet = Subnet + ".0/24" } } }, dataDir = IpamDir },
                },
                new { type = "portmap", capabilities = new { portMappings = true } },
            },
        };
        File.WriteAllText(Path.Join(runtime.CniConfDir, "10-minikube-test.conflist"), JsonSerializer.Serialize(conflist));
        _hadHostPortChains = NatRules().Contains("-N " + HostPortDnatChain);
    }

    // portmap's top-level chain; it creates it (and its companions and the jumps to them) on the first hostPort.
    private const string HostPortDnatChain = "CNI-HOSTPORT-DNAT";
    private readonly bool _hadHostPortChains;

    public string Bridge { get; }
    /// <summary>The first three octets of the pod subnet.</summary>
    public string Subnet { get; }
    public string IpamDir { get; }
    /// <summary>The first component of the pods' cgroup_parent, e.g. /minikube-test-1a2b3c4d.</summary>
    public string CgroupParentRoot { get; }

    /// <summary>IP addresses host-local has handed out and not released (one file per address).</summary>
    public IReadOnlyList<string> AllocatedIps() =>
        Directory.Exists(Path.Join(IpamDir, "minikube-test"))
            ? [.. Directory.EnumerateFiles(Path.Join(IpamDir, "minikube-test")).Select(Path.GetFileName).Where(n => n!.StartsWith("10.", StringComparison.Ordinal))!]
            : [];

    /// <summary>Cgroup directories under <see cref="CgroupParentRoot"/> in any v1 hierarchy (or the v2 tree).</summary>
    public static IReadOnlyList<string> CgroupDirs(string parentRoot) =>
        [.. Directory.EnumerateDirectories("/sys/fs/cgroup").Select(h => Path.Join(h, parentRoot.TrimStart('/'))).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateDirectories(d, "*", SearchOption.AllDirectories).Prepend(d))];

    public void Dispose()
    {
        // Containers a failed test left running: force-delete them the way the runtime would.
        foreach (var handler in new[] { "minirunc", "runc" })
        {
            var root = Path.Join(_runtime.State, handler);
            if (!Directory.Exists(root)) continue;
            var binary = handler == "minirunc" ? Path.Join(MiniKube.Testing.Repository.Root, "bin", "minirunc") : handler;
            foreach (var id in Directory.GetDirectories(root).Select(Path.GetFileName)) Run(binary, "--root", root, "delete", "--force", id!);
        }
        foreach (var netns in Directory.Exists(Path.Join(_runtime.State, "netns")) ? Directory.GetFiles(Path.Join(_runtime.State, "netns")) : [])
            Run("umount", "-l", netns);
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(_runtime.Dir.Path, StringComparison.Ordinal)).Reverse())
            Run("umount", "-l", line);
        Run("ip", "link", "del", Bridge);
        RemoveHostPortRules();
        // Deepest first: a cgroup directory can only be removed when it has no children.
        foreach (var dir in CgroupDirs(CgroupParentRoot).OrderByDescending(d => d.Length))
        {
            try { Directory.Delete(dir); }
            catch (IOException) { }
        }
    }

    /// <summary>
    /// The nat rules portmap made for this network's pods (a test that failed before StopPodSandbox leaves them), their
    /// per-pod CNI-DN-* chains, and portmap's own chains and jumps if they were not there before this network.
    /// Tests run one at a time, so every rule naming the "minikube-test" network is ours.
    /// </summary>
    private void RemoveHostPortRules()
    {
        foreach (var rule in NatRules().Where(r => r.StartsWith("-A ", StringComparison.Ordinal) && r.Contains("name: \\\"minikube-test\\\"", StringComparison.Ordinal)))
            Run("sh", "-c", "iptables -t nat -D " + rule[3..]);
        var rules = NatRules();
        foreach (var chain in rules.Where(r => r.StartsWith("-N CNI-DN-", StringComparison.Ordinal)).Select(r => r[3..]))
        {
            if (rules.Any(r => r.EndsWith("-j " + chain, StringComparison.Ordinal))) continue;
            Run("iptables", "-t", "nat", "-F", chain);
            Run("iptables", "-t", "nat", "-X", chain);
        }
        if (_hadHostPortChains || NatRules().Any(r => r.StartsWith("-A " + HostPortDnatChain + " ", StringComparison.Ordinal))) return;
        foreach (var jump in NatRules().Where(r => r.Contains("-j CNI-HOSTPORT-", StringComparison.Ordinal) && r.StartsWith("-A ", StringComparison.Ordinal) && !r.StartsWith("-A CNI-", StringComparison.Ordinal)))
            Run("sh", "-c", "iptables -t nat -D " + jump[3..]);
        foreach (var chain in new[] { HostPortDnatChain, "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK" })
        {
            Run("iptables", "-t", "nat", "-F", chain);
            Run("iptables", "-t", "nat", "-X", chain);
        }
    }

    /// <summary>The nat table as `iptables -S` writes it: "-N chain" and "-A chain rule…" lines, quoted for a shell.</summary>
    public static IReadOnlyList<string> NatRules()
    {
        using var process = Process.Start(new ProcessStartInfo("iptables", ["-t", "nat", "-S"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        return lines;
    }

    private static void Run(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
    }
}
