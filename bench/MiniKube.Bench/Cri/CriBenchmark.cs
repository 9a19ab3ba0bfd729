using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using MiniKube.Bench.Measurements;
using MiniKube.Bench.Runtime;
using MiniKube.Cri.V1;
using MiniKube.Testing.Registry;

namespace MiniKube.Bench.Cri;

/// <summary>
/// The CRI runtime, measured through CRI as the kubelet drives it: minikube-runtime against skopeo (image pull) and
/// containerd's CRI plugin (image pull and pod start). One local registry (Debian's docker-registry on loopback) holds a
/// pause image, a busybox image and a multi-layer image built here; one CNI network (a bridge of the benchmark's own,
/// host-local addresses, no iptables) serves every runtime; every pod's cgroups live under one cgroup parent of ours.
/// Rounds alternate between the contenders and rotate who goes first, after untimed warm-up rounds; each loop is
/// bounded by its count and by <see cref="BenchSettings.CriTimeLimit"/>. Everything started is stopped and removed
/// when the section ends, also when it fails.
/// </summary>
internal static class CriBenchmark
{
    private const string PullRepository = "bench/layers";
    private const int DataLayers = 4;
    private const int DataLayerBytes = 3 * 1024 * 1024;

    public static async Task<CriResults> RunAsync(string runtimeExecutable, string miniruncExecutable, BenchSettings settings, Action<string> progress,
        CancellationToken cancellationToken)
    {
        var directory = Path.Join(Path.GetTempPath(), "minikube-bench-cri-" + Guid.NewGuid().ToString("N")[..8]);
        var id = Path.GetFileName(directory)[^8..];
        var bridge = "mkb" + id;
        var cgroupRoot = "/minikube-bench-" + id;
        var cniConfDir = Path.Join(directory, "cni");
        var warnings = new List<string>();
        MiniKubeRuntimeServer? ours = null;
        ContainerdServer? containerd = null;
        RegistryServer? registry = null;
        var results = new CriResults
        {
            Image = $"{1 + DataLayers} gzip layers: busybox-static with a few applets, then {DataLayers} layers of one {DataLayerBytes / 1024 / 1024} MiB file of random bytes each",
            PullIterations = settings.CriPullIterations,
            PodIterations = settings.CriPodIterations,
            WarmupRounds = settings.CriWarmupRounds,
            LoadAverageAtStart = Reporting.MachineInfo.LoadAverageNow(),
        };
        try
        {
            Directory.CreateDirectory(directory);
            progress("cri: docker-registry on loopback, pushing the pause, busybox and multi-layer images");
            registry = await RegistryServer.StartAsync();
            var images = await PushImagesAsync(registry);
            WriteNetwork(cniConfDir, bridge, Path.Join(directory, "cni-ipam"));

            progress($"cri: starting minikube-runtime ({runtimeExecutable})");
            ours = await MiniKubeRuntimeServer.StartAsync(runtimeExecutable, miniruncExecutable, registry.Host, images.Pause, cniConfDir,
                settings.CriCallTimeout, cancellationToken);
            results.Versions.Add(ours.Version);
            string? containerdUnavailable = null;
            if (ContainerdServer.Find() is { } containerdBinary)
            {
                progress("cri: starting containerd with its CRI plugin on a private socket");
                try
                {
                    containerd = await ContainerdServer.StartAsync(containerdBinary, registry.Host, images.Pause, cniConfDir, settings.CriCallTimeout, cancellationToken);
                    results.Versions.Add(containerd.Version);
                }
                catch (InvalidOperationException ex)
                {
                    containerdUnavailable = ex.Message;
                    progress("  containerd did not start: " + ex.Message);
                }
            }
            else containerdUnavailable = "not installed";
            foreach (var tool in new[] { "skopeo", "runc" })
            {
                if (FindOnPath(tool) is { } binary) results.Versions.Add((await TimedCommand.RunAsync(binary, ["--version"], TimeSpan.FromSeconds(10), cancellationToken)).ErrorLine);
            }

            // 1. Image pull.
            var pulls = new List<Contender>
            {
                PullThroughCri("minikube-runtime", "ours", ours, images.Layers, settings).CountingLayerGets(registry, images.LayerDigests),
                PullWithSkopeo(directory, images.Layers, settings).CountingLayerGets(registry, images.LayerDigests),
                containerd is not null ? PullThroughCri("containerd", "other", containerd, images.Layers, settings).CountingLayerGets(registry, images.LayerDigests)
                    : Contender.Missing("containerd", "other", "PullImage through containerd's CRI plugin", containerdUnavailable!),
            };
            results.PullLayers = images.LayerDigests.Count;
            await MeasureAsync("pull", pulls, results.Pulls, settings.CriPullIterations, settings, progress, cancellationToken);

            // 2. Pod start. The busybox image is on every runtime before timing starts; the pause image comes with the first sandbox.
            foreach (var server in new CriServer?[] { ours, containerd }.OfType<CriServer>())
            {
                await server.Cri.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = images.Busybox } },
                    deadline: DateTime.UtcNow + settings.CriCallTimeout, cancellationToken: cancellationToken);
            }
            var pods = new PodFactory(directory, cgroupRoot, images.Busybox);
            var starts = new List<Contender>
            {
                PodStart("minikube-runtime + minirunc", "ours", ours, "minirunc", pods, settings),
                PodStart("minikube-runtime + runc", "ours", ours, "runc", pods, settings),
                containerd is not null ? PodStart("containerd + runc", "peer", containerd, "runc", pods, settings)
                    : Contender.Missing("containerd + runc", "peer", "", containerdUnavailable!),
            };
            await MeasureAsync("pod start", starts, results.PodStarts, settings.CriPodIterations, settings, progress, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C during a CRI call: a cancellation, not a failure of the runtime (the finally below still cleans up).
            throw new OperationCanceledException("cancelled", ex, cancellationToken);
        }
        finally
        {
            // Servers first (their pods use the bridge and the cgroups), then the network, the cgroups and the registry.
            if (containerd is not null) await containerd.DisposeAsync();
            if (ours is not null) await ours.DisposeAsync();
            await HostCleanup.DeleteLinkAsync(bridge, warnings);
            HostCleanup.RemoveCgroups(cgroupRoot, warnings);
            if (registry is not null) await registry.DisposeAsync();
            await HostCleanup.UnmountUnderAsync(directory, warnings);
            HostCleanup.RemoveDirectory(directory, warnings);
            foreach (var warning in warnings) progress("  cleanup: " + warning);
            results.LoadAverageAtEnd = Reporting.MachineInfo.LoadAverageNow();
        }
        return results;
    }

    // Warm-up rounds, then timed rounds; each round runs every contender that works once, rotating who goes first.
    private static async Task MeasureAsync(string part, List<Contender> contenders, List<CriResult> results, int iterations, BenchSettings settings,
        Action<string> progress, CancellationToken cancellationToken)
    {
        foreach (var contender in contenders)
        {
            var result = new CriResult(contender.Name, contender.Role, contender.What) { Unavailable = contender.Unavailable };
            results.Add(result);
            if (result.Unavailable is not null) continue;
            // The first warm-up run decides whether the contender works here at all.
            var trial = await contender.RunAsync(cancellationToken);
            if (trial.Error is not null) result.Unavailable = trial.Error;
            progress($"  {part}, {contender.Name}: {(trial.Error is null ? $"{trial.Total.TotalMilliseconds:0} ms (first run)" : "failed: " + trial.Error)}");
        }
        var running = contenders.Where((_, i) => results[i].Unavailable is null).ToList();
        var totals = running.ToDictionary(c => c, _ => new List<double>());
        var sandboxes = running.ToDictionary(c => c, _ => new List<double>());
        progress($"cri: {part}: {settings.CriWarmupRounds} warm-up rounds, then {iterations} timed rounds of {string.Join(", ", running.Select(c => c.Name))}");
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < settings.CriWarmupRounds + iterations && clock.Elapsed < settings.CriTimeLimit; round++)
        {
            var timed = round >= settings.CriWarmupRounds;
            for (var k = 0; k < running.Count; k++)
            {
                var contender = running[(k + round) % running.Count];
                var outcome = await contender.RunAsync(cancellationToken);
                if (!timed) continue;
                var result = results.Single(r => r.Name == contender.Name);
                if (outcome.LayersFetched is { } fetched) result.LayersFetched.Add(fetched);
                if (outcome.Error is null)
                {
                    totals[contender].Add(outcome.Total.TotalMilliseconds);
                    if (outcome.Sandbox is { } s) sandboxes[contender].Add(s.TotalMilliseconds);
                }
                else
                {
                    result.Failed++;
                    result.FirstError ??= outcome.Error;
                }
            }
        }
        foreach (var contender in running)
        {
            var result = results.Single(r => r.Name == contender.Name);
            result.Latency = LatencySummary.From(totals[contender]);
            if (sandboxes[contender].Count > 0) result.Sandbox = LatencySummary.From(sandboxes[contender]);
            progress($"  {part}, {contender.Name}: p50 {result.Latency.P50Milliseconds:0.0} ms, p99 {result.Latency.P99Milliseconds:0.0} ms over {result.Latency.Samples}" +
                     (result.Failed > 0 ? $", {result.Failed} failed: {result.FirstError}" : ""));
        }
    }

    // RemoveImage (untimed: the blobs and snapshots go, so the pull fetches and unpacks everything again), then PullImage.
    private static Contender PullThroughCri(string name, string role, CriServer server, string image, BenchSettings settings) =>
        new(name, role, $"`RemoveImage`, then timed `PullImage` through {server.Name}'s CRI", async cancellationToken =>
        {
            try
            {
                await server.Cri.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image } },
                    deadline: DateTime.UtcNow + settings.CriCallTimeout, cancellationToken: cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { }
            var clock = Stopwatch.StartNew();
            try
            {
                await server.Cri.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } },
                    deadline: DateTime.UtcNow + settings.CriCallTimeout, cancellationToken: cancellationToken);
                return new Outcome(clock.Elapsed, null, null);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new Outcome(clock.Elapsed, null, $"{ex.StatusCode}: {ex.Status.Detail}");
            }
        });

    // skopeo copies the blobs to a fresh directory; it neither unpacks layers nor records an image.
    private static Contender PullWithSkopeo(string directory, string image, BenchSettings settings)
    {
        var skopeo = FindOnPath("skopeo");
        const string What = "`skopeo --policy <insecureAcceptAnything> copy --src-tls-verify=false docker://<registry>/<image> dir:<fresh directory>`";
        if (skopeo is null) return Contender.Missing("skopeo", "peer", What, "not installed");
        var policy = Path.Join(directory, "policy.json");
        File.WriteAllText(policy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        var copies = 0;
        return new Contender("skopeo", "peer", What, async cancellationToken =>
        {
            var target = Path.Join(directory, "skopeo-" + (copies++).ToString(CultureInfo.InvariantCulture));
            var outcome = await TimedCommand.RunAsync(skopeo, ["--policy", policy, "copy", "--src-tls-verify=false", "docker://" + image, "dir:" + target],
                settings.CriCallTimeout, cancellationToken);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            return new Outcome(outcome.Elapsed, null, outcome.Succeeded ? null : outcome.ErrorLine);
        });
    }

    // RunPodSandbox + CreateContainer + StartContainer timed; StopPodSandbox + RemovePodSandbox (which removes the container) untimed.
    private static Contender PodStart(string name, string role, CriServer server, string handler, PodFactory pods, BenchSettings settings) =>
        new(name, role, $"runtime_handler `{handler}`", async cancellationToken =>
        {
            var sandboxConfig = pods.SandboxConfig();
            string? sandboxId = null;
            var clock = Stopwatch.StartNew();
            TimeSpan? sandboxTime = null;
            try
            {
                sandboxId = (await server.Cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig, RuntimeHandler = handler },
                    deadline: DateTime.UtcNow + settings.CriCallTimeout, cancellationToken: cancellationToken)).PodSandboxId;
                sandboxTime = clock.Elapsed;
                var containerId = (await server.Cri.Runtime.CreateContainerAsync(new CreateContainerRequest
                {
                    PodSandboxId = sandboxId,
                    Config = pods.ContainerConfig(),
                    SandboxConfig = sandboxConfig,
                }, deadline: DateTime.UtcNow + settings.CriCallTimeout, cancellationToken: cancellationToken)).ContainerId;
                await server.Cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId },
                    deadline: DateTime.UtcNow + settings.CriCallTimeout, cancellationToken: cancellationToken);
                var elapsed = clock.Elapsed;
                return new Outcome(elapsed, sandboxTime, null);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new Outcome(clock.Elapsed, sandboxTime, $"{ex.StatusCode}: {ex.Status.Detail}");
            }
            finally
            {
                if (sandboxId is not null)
                {
                    // Untimed, and also after a failure or Ctrl+C: the next run must find the machine as this one did.
                    // A sandbox that cannot be removed now is removed by the server's disposal, which lists what is left.
                    var deadline = DateTime.UtcNow + settings.CriCallTimeout;
                    try
                    {
                        await server.Cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandboxId }, deadline: deadline, cancellationToken: CancellationToken.None);
                        await server.Cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId }, deadline: deadline, cancellationToken: CancellationToken.None);
                    }
                    catch (RpcException) { }
                }
            }
        });

    private sealed record Images(string Pause, string Busybox, string Layers, IReadOnlyList<string> LayerDigests);

    // pause: busybox with `sleep` as its entrypoint (as the runtime's tests use it); busybox: the workload; layers: the pull benchmark's image,
    // whose bottom layer differs from the other two images' one so that no blob of it is shared and a removal removes every layer.
    private static async Task<Images> PushImagesAsync(RegistryServer registry)
    {
        var busybox = ImageBuilder.BusyboxAllAppletsLayer();
        await ImageBuilder.PushAsync(registry, "bench/pause", ImageBuilder.Build([busybox], user: "", entrypoint: ["/bin/sleep", "2147483647"], cmd: []), "3.10");
        await ImageBuilder.PushAsync(registry, "bench/busybox", ImageBuilder.Build([busybox], user: ""), "1");
        var random = new Random(42);
        var layers = new List<LayerBlob> { ImageBuilder.BusyboxLayer() };
        for (var i = 0; i < DataLayers; i++)
        {
            var data = new byte[DataLayerBytes];
            random.NextBytes(data);
            var name = $"data/layer-{i.ToString(CultureInfo.InvariantCulture)}.bin";
            layers.Add(ImageBuilder.Layer(tar =>
            {
                ImageBuilder.Directory(tar, "data/");
                tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
                {
                    Mode = (UnixFileMode)0x1A4,
                    DataStream = new MemoryStream(data),
                });
            }));
        }
        await ImageBuilder.PushAsync(registry, PullRepository, ImageBuilder.Build(layers, user: ""), DataLayers.ToString(CultureInfo.InvariantCulture));
        return new Images($"{registry.Host}/bench/pause:3.10", $"{registry.Host}/bench/busybox:1", $"{registry.Host}/{PullRepository}:{DataLayers}",
            [.. layers.Select(l => l.Digest)]);
    }

    // A bridge of our own with host-local addresses; no gateway, no masquerading and no portmap, so no iptables rule and no ip_forward change.
    private static void WriteNetwork(string confDir, string bridge, string ipamDir)
    {
        Directory.CreateDirectory(confDir);
        var conflist = new
        {
            cniVersion = "1.0.0",
            name = "minikube-bench",
            plugins = new object[]
            {
                new
                {
                    type = "bridge", bridge, isGateway = false, ipMasq = false, hairpinMode = true,
                    ipam = new { type = "host-local", ranges = new[] { new[] { new { subnet = $"10.251.{Random.Shared.Next(1, 250)}.0/24" } } }, dataDir = ipamDir },
                },
            },
        };
        File.WriteAllText(Path.Join(confDir, "10-minikube-bench.conflist"), JsonSerializer.Serialize(conflist));
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Join(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>The same pod for every runtime: one busybox container running sleep, a new uid and log directory each time.</summary>
    private sealed class PodFactory(string directory, string cgroupRoot, string image)
    {
        private int _pods;

        public PodSandboxConfig SandboxConfig()
        {
            var uid = Guid.NewGuid().ToString();
            var name = "bench-" + (_pods++).ToString(CultureInfo.InvariantCulture);
            var logs = Path.Join(directory, "pods", uid);
            Directory.CreateDirectory(logs);
            return new PodSandboxConfig
            {
                Metadata = new PodSandboxMetadata { Name = name, Namespace = "bench", Uid = uid },
                Hostname = name,
                LogDirectory = logs,
                Linux = new LinuxPodSandboxConfig { CgroupParent = $"{cgroupRoot}/pod{uid}" },
            };
        }

        public ContainerConfig ContainerConfig()
        {
            var config = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "sleep" },
                Image = new ImageSpec { Image = image },
                LogPath = "sleep_0.log",
            };
            config.Command.AddRange(["/bin/sleep", "3600"]);
            return config;
        }
    }

    /// <param name="Sandbox">For pod start: how long RunPodSandbox took.</param>
    /// <param name="LayersFetched">For pulls: how many of the image's layer blobs the registry served during the run.</param>
    private sealed record Outcome(TimeSpan Total, TimeSpan? Sandbox, string? Error, int? LayersFetched = null);

    private sealed class Contender(string name, string role, string what, Func<CancellationToken, Task<Outcome>>? run)
    {
        public string Name => name;
        public string Role => role;
        public string What => what;
        public string? Unavailable { get; private init; }

        public static Contender Missing(string name, string role, string what, string why) => new(name, role, what, null) { Unavailable = why };

        public Task<Outcome> RunAsync(CancellationToken cancellationToken) => run!(cancellationToken);

        /// <summary>
        /// The same contender, noting how many layer blobs the registry served during each run (from its request log,
        /// read outside the timed part): the proof that a pull after removal really fetched every layer again.
        /// </summary>
        public Contender CountingLayerGets(RegistryServer registry, IReadOnlyList<string> digests) => new(name, role, what, async cancellationToken =>
        {
            var before = digests.Sum(d => registry.BlobGets(PullRepository, d));
            var outcome = await run!(cancellationToken);
            var fetched = digests.Sum(d => registry.BlobGets(PullRepository, d)) - before;
            // The kept log is trimmed when it grows large; a negative difference then means nothing.
            return outcome with { LayersFetched = fetched >= 0 ? fetched : null };
        }) { Unavailable = Unavailable };
    }
}
