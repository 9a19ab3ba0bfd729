using MiniKube.Cri.V1;
using MiniKube.Testing.Registry;

namespace MiniKube.Testing.Runtime;

/// <summary>A registry with a pause and an application image, a runtime using it, and the test's CNI network.</summary>
public sealed class PodSetup : IAsyncDisposable
{
    private RegistryServer _registry = null!;
    public RuntimeProcess Runtime { get; private set; } = null!;
    public PodNetwork Network { get; private set; } = null!;
    public string AppImage { get; private set; } = "";
    private readonly string _cgroupRoot = "/minikube-test-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];

    public static async Task<PodSetup> StartAsync()
    {
        var setup = new PodSetup { _registry = await RegistryServer.StartAsync() };
        var layer = ImageBuilder.BusyboxAllAppletsLayer();
        await ImageBuilder.PushAsync(setup._registry, "test/pause", ImageBuilder.Build([layer], user: "", entrypoint: ["/bin/sleep", "2147483647"], cmd: []), "1");
        await ImageBuilder.PushAsync(setup._registry, "test/busybox", ImageBuilder.Build([layer], user: ""), "1");
        setup.AppImage = $"{setup._registry.Host}/test/busybox:1";
        setup.Runtime = await RuntimeProcess.StartAsync(RuntimeProcess.Mirrors([(setup._registry.Host, setup._registry)]),
            ["--sandbox-image", $"{setup._registry.Host}/test/pause:1"]);
        setup.Network = new PodNetwork(setup.Runtime, setup._cgroupRoot);
        await setup.Runtime.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = setup.AppImage } });
        return setup;
    }

    public PodSandboxConfig SandboxConfig(string name, string logDirectory)
    {
        var uid = Guid.NewGuid().ToString();
        return new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "default", Uid = uid },
            Hostname = name,
            LogDirectory = logDirectory,
            Labels = { ["app"] = "web" },
            Linux = new LinuxPodSandboxConfig { CgroupParent = $"{_cgroupRoot}/pod{uid}" },
        };
    }

    /// <param name="configure">Changes to the container's config before it is created (stdin, stdin_once, …).</param>
    public async Task<string> CreateAsync(string sandboxId, PodSandboxConfig sandbox, string name, string[] command, LinuxContainerResources? resources,
        Action<ContainerConfig>? configure = null)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = AppImage },
            LogPath = $"{name}/0.log",
            Linux = new LinuxContainerConfig { Resources = resources },
        };
        config.Command.AddRange(command);
        configure?.Invoke(config);
        return (await Runtime.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = sandboxId, Config = config, SandboxConfig = sandbox })).ContainerId;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> ExecAsync(string containerId, params string[] cmd)
    {
        var request = new ExecSyncRequest { ContainerId = containerId, Timeout = 10 };
        request.Cmd.AddRange(cmd);
        var r = await Runtime.Runtime.ExecSyncAsync(request);
        return (r.ExitCode, r.Stdout.ToStringUtf8(), r.Stderr.ToStringUtf8());
    }

    public async ValueTask DisposeAsync()
    {
        Network?.Dispose();
        if (Runtime is not null) await Runtime.DisposeAsync();
        await _registry.DisposeAsync();
    }
}
