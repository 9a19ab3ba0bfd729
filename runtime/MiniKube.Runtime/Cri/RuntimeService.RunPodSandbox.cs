using Grpc.Core;
using MiniKube.Runtime.Bundles;
using MiniKube.Runtime.Interop;
using MiniKube.Runtime.Oci;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Starts a pod sandbox (containerd's sandbox_run.go): reserve the name, make the pod's files (hostname, hosts,
    /// resolv.conf, shm), create the network namespace and call CNI ADD, then run the pause container from
    /// --sandbox-image under the chosen runtime handler. It holds the pod's network, IPC and UTS namespaces, which
    /// every container of the pod joins. Whatever a failed step leaves is undone before the error is returned.
    /// </summary>
    public override async Task<V1.RunPodSandboxResponse> RunPodSandbox(V1.RunPodSandboxRequest request, ServerCallContext context)
    {
        var config = request.Config ?? throw new InvalidArgumentException("RunPodSandbox: config is required");
        if (string.IsNullOrEmpty(config.Metadata?.Name) || string.IsNullOrEmpty(config.Metadata.Namespace) || string.IsNullOrEmpty(config.Metadata.Uid))
            throw new InvalidArgumentException("RunPodSandbox: config.metadata needs name, namespace and uid");
        var cgroupParent = config.Linux?.CgroupParent is { Length: > 0 } parent ? parent : "/minikube-runtime";
        if (!cgroupParent.StartsWith('/') || cgroupParent.Split('/').Contains(".."))
            throw new InvalidArgumentException($"linux.cgroup_parent \"{cgroupParent}\" must be an absolute cgroupfs path without \"..\" (only the cgroupfs driver is supported)");
        var runtime = runtimes.Resolve(request.RuntimeHandler);
        var cancellationToken = context.CancellationToken;

        var id = NewId();
        var sandbox = new Sandbox
        {
            Id = id,
            Config = config,
            Runtime = runtime,
            Dir = Path.Join(options.State, "sandboxes", id),
            CgroupParent = cgroupParent,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        sandboxes.Add(sandbox);
        var networkSetUp = false;
        var created = false;
        try
        {
            var image = images.Resolve(options.SandboxImage) ?? await puller.PullAsync(options.SandboxImage, null, cancellationToken);
            sandbox.ImageId = image.Id;
            Directory.CreateDirectory(sandbox.Dir);
            WritePodFiles(sandbox);
            // Recorded before the network exists, so a runtime that dies halfway finds the sandbox at its next start
            // (NotReady) and the kubelet's StopPodSandbox can still tear the network down.
            StateRecords.Save(sandbox);

            var hostNetwork = config.Linux?.SecurityContext?.NamespaceOptions?.Network == V1.NamespaceMode.Node;
            if (!hostNetwork && cni.ConfigFile is not null)
            {
                // The namespace exists before the pause process, so CNI can configure it whatever the OCI runtime does.
                Directory.CreateDirectory(Path.Join(options.State, "netns"));
                sandbox.NetNsPath = Path.Join(options.State, "netns", "cni-" + id[..32]);
                Libc.CreateNetworkNamespace(sandbox.NetNsPath);
                networkSetUp = true;
                StateRecords.Save(sandbox);
                sandbox.Ip = await cni.SetUpAsync(id, sandbox.NetNsPath, config, Path.Join(sandbox.Dir, "cni-result.json"), cancellationToken);
            }

            snapshotter.PrepareRootfs(sandbox.Dir, image.ChainIds);
            var spec = BundleSpecs.Sandbox(id, config, ImageConfig.Load(content, image.Id), sandbox.NetNsPath, $"{cgroupParent}/{id}");
            if (hostNetwork) spec.Linux.Namespaces.RemoveAll(n => n.Type == "network");
            spec.WriteTo(sandbox.Dir);

            created = true;
            var init = await runtime.CreateAsync(id, sandbox.Dir, cancellationToken);
            // The pause process says nothing; its pipes are drained so it can never block on a full one.
            _ = init.Stdout.CopyToAsync(Stream.Null, CancellationToken.None);
            _ = init.Stderr.CopyToAsync(Stream.Null, CancellationToken.None);
            sandbox.Pid = init.Pid;
            sandbox.PidStartTime = ExitMonitor.StartTime(init.Pid);
            sandbox.Exited = events.WatchSandboxAsync(sandbox);
            await runtime.StartAsync(id, sandbox.Dir, cancellationToken);
            StateRecords.Save(sandbox);
            Log.SandboxStarted(logger, id, sandbox.Name, sandbox.Namespace, runtime.Handler, sandbox.Pid, sandbox.Ip);
            return new V1.RunPodSandboxResponse { PodSandboxId = id };
        }
        catch (Exception ex)
        {
            Log.SandboxFailed(logger, id, sandbox.Name, ex.Message);
            if (created) await runtime.DeleteAsync(id, sandbox.Dir, CancellationToken.None);
            if (networkSetUp)
            {
                // The original error is what the caller needs; a teardown failure is logged, not thrown over it.
                try { await TearDownNetworkAsync(sandbox); }
                catch (Exception teardown) when (teardown is Network.CniException or IOException) { Log.SandboxFailed(logger, id, sandbox.Name, teardown.Message); }
            }
            snapshotter.ReleaseRootfs(sandbox.Dir);
            sandboxes.Remove(id);
            throw;
        }
    }

    /// <summary>
    /// The files containerd keeps per pod and bind-mounts into every container: /etc/hostname, /etc/hosts,
    /// /etc/resolv.conf (from dns_config, else the node's) and the directory used as /dev/shm.
    /// Upstream difference: /dev/shm is a directory on disk, not a tmpfs of 64 MiB.
    /// </summary>
    private void WritePodFiles(Sandbox sandbox)
    {
        var config = sandbox.Config;
        var hostname = string.IsNullOrEmpty(config.Hostname) ? Environment.MachineName : config.Hostname;
        File.WriteAllText(Path.Join(sandbox.Dir, "hostname"), hostname + "\n");
        File.WriteAllText(Path.Join(sandbox.Dir, "hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        var dns = config.DnsConfig;
        var resolv = dns is { Servers.Count: > 0 } or { Searches.Count: > 0 } or { Options.Count: > 0 }
            ? string.Concat(
                dns.Searches.Count > 0 ? $"search {string.Join(' ', dns.Searches)}\n" : "",
                string.Concat(dns.Servers.Select(s => $"nameserver {s}\n")),
                dns.Options.Count > 0 ? $"options {string.Join(' ', dns.Options)}\n" : "")
            : File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "";
        File.WriteAllText(Path.Join(sandbox.Dir, "resolv.conf"), resolv);
        var shm = Directory.CreateDirectory(Path.Join(sandbox.Dir, "shm"));
        shm.UnixFileMode = (UnixFileMode)0x3FF | UnixFileMode.StickyBit;    // 1777, like /dev/shm
    }

    private async Task TearDownNetworkAsync(Sandbox sandbox)
    {
        if (sandbox.NetNsPath is not { } netns) return;
        if (File.Exists(Path.Join(sandbox.Dir, "cni-result.json")) || cni.ConfigFile is not null)
            await cni.TearDownAsync(sandbox.Id, netns, sandbox.Config, Path.Join(sandbox.Dir, "cni-result.json"), CancellationToken.None);
        Libc.RemoveNetworkNamespace(netns);
        sandbox.NetNsPath = null;
    }
}
