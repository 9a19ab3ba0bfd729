using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniKube.Testing.Runtime;
using MiniKube.Testing;
using MiniKube.Testing.Registry;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.Cli.Tests.Crictl;

/// <summary>
/// <c>minictl crictl …</c> and <c>minictl import</c> against a real minikube-runtime (as root, on the test's own CNI
/// bridge), driven only through the command line, as a student on a node would: a pod's whole life, and images
/// imported from archives built here, with no registry.
/// </summary>
public sealed class CrictlCommandTests(ITestOutputHelper output)
{
    [RequiresFact(Root = true, Tools = ["docker-registry", "runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    public async Task Crictl_PullRunpCreateStartPsLogsExecStopRmStoppRmp()
    {
        await using var registry = await RegistryServer.StartAsync();
        var layer = ImageBuilder.BusyboxAllAppletsLayer();
        await ImageBuilder.PushAsync(registry, "test/pause", ImageBuilder.Build([layer], user: "", entrypoint: ["/bin/sleep", "2147483647"], cmd: []), "1");
        await ImageBuilder.PushAsync(registry, "test/busybox", ImageBuilder.Build([layer], user: ""), "1");
        var image = $"{registry.Host}/test/busybox:1";
        await using var runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(registry.Host, registry)]), ["--sandbox-image", $"{registry.Host}/test/pause:1"]);
        var cgroupRoot = "/minikube-test-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        using var network = new PodNetwork(runtime, cgroupRoot);
        var crictl = new Crictl(runtime, output);

        Assert.Contains("RuntimeName:  minikube-runtime", await crictl.SucceedAsync("version"), StringComparison.Ordinal);
        Assert.StartsWith("Image is up to date for sha256:", await crictl.SucceedAsync("pull", image), StringComparison.Ordinal);
        var images = Lines(await crictl.SucceedAsync("images"));
        Assert.Equal(["IMAGE", "TAG", "IMAGE", "ID", "SIZE"], images[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = images.Single(l => l.StartsWith($"{registry.Host}/test/busybox ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1", row[1]);
        Assert.Equal(13, row[2].Length);
        Assert.Matches(@"^[\d.]+[kM]?B$", row[3]);
        var imageId = Assert.Single(Lines(await crictl.SucceedAsync("images", "-q", image)));
        Assert.StartsWith("sha256:" + row[2], imageId, StringComparison.Ordinal);

        var (podJson, containerJson) = Configs(runtime.Dir, cgroupRoot, image, ["/bin/sh", "-c", "echo hello; echo oops >&2; exec sleep 1000000"]);
        var podId = Assert.Single(Lines(await crictl.SucceedAsync("runp", "--runtime", "runc", podJson)));
        Assert.Matches("^[0-9a-f]{64}$", podId);
        var pods = Lines(await crictl.SucceedAsync("pods", "--name", "^web$"));
        Assert.Equal(["POD", "ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"], pods[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^{podId[..13]}\s+(Less than a second|\d+ seconds?) ago\s+Ready\s+web\s+default\s+0\s+runc$", Assert.Single(pods.Skip(1)));
        Assert.Empty(Lines(await crictl.SucceedAsync("pods", "--name", "nothing-like-this")).Skip(1));
        var inspectp = JsonNode.Parse(await crictl.SucceedAsync("inspectp", podId))!;
        Assert.Equal("SANDBOX_READY", inspectp["status"]!["state"]!.GetValue<string>());
        Assert.StartsWith(network.Subnet + ".", inspectp["status"]!["network"]!["ip"]!.GetValue<string>(), StringComparison.Ordinal);

        var containerId = Assert.Single(Lines(await crictl.SucceedAsync("create", podId, containerJson, podJson)));
        Assert.Empty(Lines(await crictl.SucceedAsync("ps")).Skip(1));   // created, not running: ps shows running only
        Assert.Contains(Lines(await crictl.SucceedAsync("ps", "-a")), l => l.StartsWith(containerId[..13], StringComparison.Ordinal) && l.Contains(" Created ", StringComparison.Ordinal));
        Assert.Equal(containerId, Assert.Single(Lines(await crictl.SucceedAsync("start", containerId))));
        var ps = Lines(await crictl.SucceedAsync("ps"));
        Assert.Equal(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD", "ID", "POD"], ps[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^{containerId[..13]}\s+{System.Text.RegularExpressions.Regex.Escape(image)}\s+.+ ago\s+Running\s+app\s+0\s+{podId[..13]}\s+web$", Assert.Single(ps.Skip(1)));
        Assert.Equal(containerId, Assert.Single(Lines(await crictl.SucceedAsync("ps", "-q", "--pod", podId))));

        var logs = await Eventually.UntilAsync(async () =>
        {
            var r = await crictl.RunAsync("logs", containerId);
            return r.ExitCode == 0 && r.StdOut == "hello\n" && r.StdErr == "oops\n" ? r : null;
        }, TimeSpan.FromSeconds(20), "crictl logs to show stdout and stderr");
        Assert.Equal("", (await crictl.RunAsync("logs", "--tail", "0", containerId)).StdOut);
        Assert.Matches(@"^\S+Z hello\n$", await crictl.SucceedAsync("logs", "-t", containerId));

        var exec = await crictl.RunAsync("exec", "-s", containerId, "sh", "-c", "hostname; echo err >&2; exit 3");
        Assert.Equal(3, exec.ExitCode);
        Assert.Equal("web\n", exec.StdOut);
        Assert.Equal("err\n", exec.StdErr);
        Assert.Equal("web\n", await crictl.SucceedAsync("exec", "--sync", containerId, "cat", "/etc/hostname"));
        var inspect = JsonNode.Parse(await crictl.SucceedAsync("inspect", containerId))!;
        Assert.Equal("CONTAINER_RUNNING", inspect["status"]!["state"]!.GetValue<string>());

        var busy = await crictl.RunAsync("rm", containerId);
        Assert.Equal(1, busy.ExitCode);
        Assert.Equal($"error: container \"{containerId}\" is running, please stop it first\n", busy.StdErr);
        Assert.Equal(containerId, Assert.Single(Lines(await crictl.SucceedAsync("stop", "-t", "1", containerId))));
        Assert.Contains(" Exited ", Assert.Single(Lines(await crictl.SucceedAsync("ps", "-a")).Skip(1)), StringComparison.Ordinal);
        Assert.Equal(containerId, Assert.Single(Lines(await crictl.SucceedAsync("rm", containerId))));
        Assert.Empty(Lines(await crictl.SucceedAsync("ps", "-a")).Skip(1));
        Assert.Equal($"Stopped sandbox {podId}", Assert.Single(Lines(await crictl.SucceedAsync("stopp", podId))));
        Assert.Contains(" NotReady ", Assert.Single(Lines(await crictl.SucceedAsync("pods")).Skip(1)), StringComparison.Ordinal);
        Assert.Equal($"Removed sandbox {podId}", Assert.Single(Lines(await crictl.SucceedAsync("rmp", podId))));
        Assert.Empty(Lines(await crictl.SucceedAsync("pods")).Skip(1));

        // Errors: one line in gRPC's words, exit 1.
        var missing = await crictl.RunAsync("inspect", "no-such-container");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: getting the status of the container \"no-such-container\": rpc error: code = NotFound desc = ", missing.StdErr, StringComparison.Ordinal);
        Assert.Single(Lines(missing.StdErr));
        var stats = await crictl.RunAsync("stats");
        // Until the runtime serves ListContainerStats, the gRPC error is shown as it came.
        if (stats.ExitCode == 0) Assert.StartsWith("CONTAINER", stats.StdOut, StringComparison.Ordinal);
        else Assert.Equal("error: failed to list container stats: rpc error: code = Unimplemented desc = the runtime does not implement this method yet\n", stats.StdErr);

        Assert.Equal("Deleted: " + image, Assert.Single(Lines(await crictl.SucceedAsync("rmi", image))));
        Assert.DoesNotContain(Lines(await crictl.SucceedAsync("images")), l => l.Contains("test/busybox", StringComparison.Ordinal));
    }

    [RequiresFact(Root = true, Tools = ["docker-registry", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    public async Task CrictlAttach_SendsStdinToTheContainer_AndStdinOnceEndsIt()
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var crictl = new Crictl(runtime, output);
        var config = setup.SandboxConfig("attach", runtime.Dir.Combine("logs"));
        var podId = (await runtime.Runtime.RunPodSandboxAsync(new Cri.V1.RunPodSandboxRequest { Config = config })).PodSandboxId;
        var containerId = await setup.CreateAsync(podId, config, "cat", ["/bin/cat"], null, c => (c.Stdin, c.StdinOnce) = (true, true));
        await crictl.SucceedAsync("start", containerId);

        // What is typed reaches the container's stdin and comes back from its stdout; with stdin_once the end of our
        // input is the end of the container's, so cat ends and so does the attach.
        Assert.Equal("through attach\n", await crictl.SucceedWithInputAsync("through attach\n", "attach", "-i", containerId));
        Assert.Contains("RPC for Attach ", runtime.Output, StringComparison.Ordinal);
        var status = await Eventually.UntilAsync(async () =>
        {
            var s = (await runtime.Runtime.ContainerStatusAsync(new Cri.V1.ContainerStatusRequest { ContainerId = containerId })).Status;
            return s.State == Cri.V1.ContainerState.ContainerExited ? s : null;
        }, TimeSpan.FromSeconds(20), "cat to end with its input");
        Assert.Equal(0, status.ExitCode);
        var missing = await crictl.RunAsync("attach", "no-such-container");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("not found", missing.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact(Root = true, Tools = ["docker-registry", "script", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    public async Task CrictlExec_StreamsStdinOutputAndExitCode_GivesATerminalForDashT_AndUsesExecSyncForDashS()
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var crictl = new Crictl(runtime, output);
        var config = setup.SandboxConfig("exec", runtime.Dir.Combine("logs"));
        var podId = (await runtime.Runtime.RunPodSandboxAsync(new Cri.V1.RunPodSandboxRequest { Config = config })).PodSandboxId;
        var containerId = await setup.CreateAsync(podId, config, "app", ["/bin/sleep", "1000000"], null);
        await crictl.SucceedAsync("start", containerId);

        // The streaming Exec (crictl's default): piped stdin reaches the command, and its end is cat's end of file.
        Assert.Equal("hi\n", await crictl.SucceedWithInputAsync("hi\n", "exec", "-i", containerId, "cat"));
        Assert.Contains("RPC for Exec ", runtime.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RPC for ExecSync ", runtime.Output, StringComparison.Ordinal);
        // stdout and stderr apart, and the remote exit code is minictl's.
        var failed = await crictl.RunAsync("exec", containerId, "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal((3, "out\n", "err\n"), (failed.ExitCode, failed.StdOut, failed.StdErr));

        // -it: the command runs on a terminal (the input here is a pipe, so the local side stays as it is).
        var shell = await crictl.RunWithInputAsync("tty\nexit 4\n", "exec", "-it", containerId, "sh");
        Assert.Equal(4, shell.ExitCode);
        Assert.Matches(@"/dev/pts/\d+\r\n", shell.StdOut);
        Assert.Equal("", shell.StdErr);
        // With a terminal as stdin (script(1) makes one, 33 rows by 111 columns), it goes raw and its size is passed on.
        var onTerminal = await RunCommand.RunAsync("script", ["-qec", $"stty rows 33 cols 111; exec dotnet {Minictl.Dll} crictl --runtime-endpoint {crictl.Endpoint} exec -it {containerId} sh", "/dev/null"],
            stdin: "stty size\nexit 6\n", timeout: TimeSpan.FromSeconds(120));
        output.WriteLine(onTerminal.ToString());
        Assert.Equal(6, onTerminal.ExitCode);
        // Raw: the remote terminal's \r\n passes through as it is (a cooked local terminal would make it \r\r\n).
        Assert.Contains("\n33 111\r\n", onTerminal.StdOut, StringComparison.Ordinal);
        var refused = await crictl.RunAsync("exec", "-t", containerId, "sh");
        Assert.Equal((1, "error: tty=true must be specified with interactive=true\n"), (refused.ExitCode, refused.StdErr));

        // -s: ExecSync, the output whole at the end.
        var sync = await crictl.RunAsync("exec", "-s", containerId, "sh", "-c", "echo sync; exit 2");
        Assert.Equal((2, "sync\n"), (sync.ExitCode, sync.StdOut));
        Assert.Contains("RPC for ExecSync ", runtime.Output, StringComparison.Ordinal);

        await crictl.SucceedAsync("rm", "-f", containerId);
        await crictl.SucceedAsync("rmp", "-f", podId);
    }

    [RequiresFact(Root = true, Tools = ["runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    public async Task Import_OciLayoutAndDockerSaveTarballs_ListedByImages_AndRunWithoutARegistry()
    {
        // No registry at all: the pause image comes from an OCI layout, the app image from a docker save tarball.
        await using var runtime = await RuntimeProcess.StartAsync("", ["--sandbox-image", "minikube.test/pause:1"]);
        var cgroupRoot = "/minikube-test-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        using var network = new PodNetwork(runtime, cgroupRoot);
        var crictl = new Crictl(runtime, output);
        var layer = ImageBuilder.BusyboxAllAppletsLayer();
        var pause = ImageBuilder.Build([layer], user: "", entrypoint: ["/bin/sleep", "2147483647"], cmd: []);
        var ociTar = runtime.Dir.Combine("pause-oci.tar");
        await WriteOciArchiveAsync(ociTar, pause, "minikube.test/pause:1");
        var appTar = runtime.Dir.Combine("app-docker.tar");
        await WriteDockerSaveAsync(appTar, ImageBuilder.Build([layer, ImageBuilder.Layer(tar => ImageBuilder.File(tar, "etc/app", "from docker save\n"), gzip: false)], user: ""), "minikube.test/app:1");

        var imported = Lines(await crictl.SucceedRawAsync("import", ociTar));
        Assert.Equal($"unpacking minikube.test/pause:1 ({pause.ManifestDigest})...done", Assert.Single(imported));
        Assert.Matches(@"^unpacking minikube.test/app:1 \(sha256:[0-9a-f]{64}\)\.\.\.done$", Assert.Single(Lines(await crictl.SucceedRawAsync("import", appTar))));
        // The same archive again, from stdin, with another name.
        Assert.Contains("unpacking minikube.test/app:lab", await crictl.SucceedRawWithInputFileAsync(appTar, "import", "--tag", "minikube.test/app:lab", "-"), StringComparison.Ordinal);

        var images = Lines(await crictl.SucceedAsync("images"));
        Assert.Contains(images, l => l.StartsWith("minikube.test/pause ", StringComparison.Ordinal) && l.Contains($" {pause.ConfigDigest[7..20]} ", StringComparison.Ordinal));
        Assert.Contains(images, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^minikube.test/app\s+1\s"));
        Assert.Contains(images, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^minikube.test/app\s+lab\s"));

        var (podJson, containerJson) = Configs(runtime.Dir, cgroupRoot, "minikube.test/app:1", ["/bin/sh", "-c", "echo imported-and-running; exec sleep 1000000"]);
        var podId = Assert.Single(Lines(await crictl.SucceedAsync("runp", podJson)));
        var containerId = Assert.Single(Lines(await crictl.SucceedAsync("create", "--no-pull", podId, containerJson, podJson)));
        await crictl.SucceedAsync("start", containerId);
        await Eventually.UntilAsync(async () => (await crictl.RunAsync("logs", containerId)).StdOut == "imported-and-running\n",
            TimeSpan.FromSeconds(20), "the imported image's container to log");
        await crictl.SucceedAsync("rm", "-f", containerId);
        await crictl.SucceedAsync("rmp", "-f", podId);

        // A broken archive is refused with a clear message.
        var junk = runtime.Dir.Combine("junk.tar");
        await File.WriteAllTextAsync(junk, "not an archive");
        var refused = await crictl.RunTopLevelAsync("import", junk);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error: rpc error: code = InvalidArgument desc = failed to import image: ", refused.StdErr, StringComparison.Ordinal);
    }

    /// <summary>A pod and a container config in crictl's JSON format, as files.</summary>
    private static (string Pod, string Container) Configs(TestDirectory dir, string cgroupRoot, string image, string[] command)
    {
        var uid = Guid.NewGuid().ToString();
        var pod = dir.Combine("pod.json");
        File.WriteAllText(pod, JsonSerializer.Serialize(new
        {
            metadata = new { name = "web", @namespace = "default", uid, attempt = 0 },
            hostname = "web",
            log_directory = dir.Combine("logs"),   // crictl's files use either spelling of a field
            labels = new Dictionary<string, string> { ["app"] = "web" },
            linux = new { cgroupParent = $"{cgroupRoot}/pod{uid}" },
        }));
        var container = dir.Combine("container.yaml");
        File.WriteAllText(container, $"metadata:\n  name: app\nimage:\n  image: {image}\ncommand: [{string.Join(", ", command.Select(c => JsonSerializer.Serialize(c)))}]\nlogPath: app/0.log\n");
        return (pod, container);
    }

    /// <summary>An OCI image layout in a tar: oci-layout, index.json (with the name annotation), blobs/sha256/*.</summary>
    private static async Task WriteOciArchiveAsync(string path, BuiltImage image, string name)
    {
        await using var file = File.Create(path);
        await using var tar = new TarWriter(file, TarEntryFormat.Pax);
        await AddAsync(tar, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
        await AddAsync(tar, "index.json", JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            manifests = new[]
            {
                new { mediaType = image.ManifestMediaType, digest = image.ManifestDigest, size = image.Manifest.Length,
                      annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = name } },
            },
        }));
        await AddAsync(tar, "blobs/sha256/" + image.ManifestDigest[7..], image.Manifest);
        await AddAsync(tar, "blobs/sha256/" + image.ConfigDigest[7..], image.Config);
        foreach (var layer in image.Layers) await AddAsync(tar, "blobs/sha256/" + layer.Digest[7..], layer.Data);
    }

    /// <summary>A classic <c>docker save</c> tarball: manifest.json, repositories, &lt;id&gt;.json, &lt;layer id&gt;/layer.tar (uncompressed).</summary>
    private static async Task WriteDockerSaveAsync(string path, BuiltImage image, string repoTag)
    {
        await using var file = File.Create(path);
        await using var tar = new TarWriter(file, TarEntryFormat.Pax);
        var layerNames = new List<string>();
        foreach (var (layer, i) in image.Layers.Select((l, i) => (l, i)))
        {
            var data = layer.Gzip ? Gunzip(layer.Data) : layer.Data;
            var id = $"{i:x2}" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            layerNames.Add($"{id}/layer.tar");
            await AddAsync(tar, $"{id}/layer.tar", data);
        }
        var configName = image.ConfigDigest[7..] + ".json";
        await AddAsync(tar, configName, image.Config);
        await AddAsync(tar, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(new[] { new { Config = configName, RepoTags = new[] { repoTag }, Layers = layerNames } }));
        var colon = repoTag.LastIndexOf(':');
        await AddAsync(tar, "repositories", JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, Dictionary<string, string>>
        {
            [repoTag[..colon]] = new() { [repoTag[(colon + 1)..]] = Path.GetDirectoryName(layerNames[^1])! },
        }));
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress)) gzip.CopyTo(output);
        return output.ToArray();
    }

    private static async Task AddAsync(TarWriter tar, string name, byte[] data) =>
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>minictl (the real program) with the runtime's socket as --runtime-endpoint.</summary>
    private sealed class Crictl(RuntimeProcess runtime, ITestOutputHelper output)
    {
        public string Endpoint => "unix://" + runtime.Dir.Combine("runtime.sock");

        public Task<CommandResult> RunAsync(params string[] args) => RunRawAsync(null, ["crictl", "--runtime-endpoint", Endpoint, .. args]);

        public async Task<string> SucceedAsync(params string[] args) => Succeeded(await RunAsync(args), args);

        /// <summary>A crictl command with <paramref name="stdin"/> piped in.</summary>
        public async Task<CommandResult> RunWithInputAsync(string stdin, params string[] args)
        {
            string[] all = ["crictl", "--runtime-endpoint", Endpoint, .. args];
            output.WriteLine($"$ minictl {string.Join(' ', all)} <<< {System.Text.Json.JsonSerializer.Serialize(stdin)}");
            var result = await RunCommand.RunAsync("dotnet", [Minictl.Dll, .. all], stdin: stdin, timeout: TimeSpan.FromSeconds(120));
            output.WriteLine(result.ToString());
            return result;
        }

        public async Task<string> SucceedWithInputAsync(string stdin, params string[] args) => Succeeded(await RunWithInputAsync(stdin, args), args);

        /// <summary>A top-level minictl command (import) with --runtime-endpoint.</summary>
        public async Task<string> SucceedRawAsync(params string[] args) => Succeeded(await RunTopLevelAsync(args), args);

        public Task<CommandResult> RunTopLevelAsync(params string[] args) => RunRawAsync(null, [.. args, "--runtime-endpoint", Endpoint]);

        public async Task<string> SucceedRawWithInputFileAsync(string stdinFile, params string[] args) =>
            Succeeded(await RunRawAsync(stdinFile, [.. args, "--runtime-endpoint", Endpoint]), args);

        private async Task<CommandResult> RunRawAsync(string? stdinFile, string[] args)
        {
            output.WriteLine($"$ minictl {string.Join(' ', args)}" + (stdinFile is null ? "" : $" < {stdinFile}"));
            var run = stdinFile is null
                ? RunCommand.RunAsync("dotnet", [Minictl.Dll, .. args], timeout: TimeSpan.FromSeconds(120))
                : RunCommand.RunAsync("sh", ["-c", "exec dotnet \"$0\" \"$@\" < \"$STDIN_FILE\"", Minictl.Dll, .. args],
                    environment: new Dictionary<string, string> { ["STDIN_FILE"] = stdinFile }, timeout: TimeSpan.FromSeconds(120));
            var result = await run;
            output.WriteLine(result.ToString());
            return result;
        }

        private static string Succeeded(CommandResult result, string[] args)
        {
            Assert.True(result.ExitCode == 0, $"minictl {string.Join(' ', args)} failed: {result}");
            return result.StdOut;
        }
    }
}
