using Grpc.Core;
using MiniKube.Runtime.Bundles;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Creates a container in a sandbox (containerd's container_create.go): reserve the name, prepare the rootfs from
    /// the image's snapshots, write the OCI bundle's config.json. Nothing runs yet: StartContainer calls the OCI
    /// runtime. A failure removes the rootfs and the reservation.
    /// </summary>
    public override Task<V1.CreateContainerResponse> CreateContainer(V1.CreateContainerRequest request, ServerCallContext context)
    {
        var sandbox = sandboxes.Get(request.PodSandboxId);
        var config = request.Config ?? throw new InvalidArgumentException("CreateContainer: config is required");
        if (string.IsNullOrEmpty(config.Metadata?.Name)) throw new InvalidArgumentException("CreateContainer: config.metadata.name is required");
        if (sandbox.State != V1.PodSandboxState.SandboxReady)
            throw new FailedPreconditionException($"sandbox {sandbox.Id} is not ready: cannot create container {config.Metadata.Name} in it");
        var imageName = config.Image?.Image;
        if (string.IsNullOrEmpty(imageName)) throw new InvalidArgumentException("CreateContainer: config.image.image is required");
        var image = images.Resolve(imageName) ?? throw new NotFoundException($"failed to resolve image \"{imageName}\": not found");

        var id = NewId();
        var logDirectory = request.SandboxConfig?.LogDirectory is { Length: > 0 } fromRequest ? fromRequest : sandbox.Config.LogDirectory;
        var container = new Container
        {
            Id = id,
            Sandbox = sandbox,
            Config = config,
            ImageId = image.Id,
            Dir = Path.Join(options.State, "containers", id),
            LogPath = config.LogPath.Length > 0 && logDirectory.Length > 0 ? Path.Join(logDirectory, config.LogPath) : null,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        containers.Add(container);
        try
        {
            var rootfs = snapshotter.PrepareRootfs(container.Dir, image.ChainIds);
            var pause = $"/proc/{sandbox.Pid}/ns/";
            var namespaces = new SandboxNamespaces(sandbox.NetNsPath ?? pause + "net", pause + "ipc", pause + "uts");
            var files = new ContainerFiles(sandbox.Config.Hostname is { Length: > 0 } h ? h : null, Path.Join(sandbox.Dir, "hostname"),
                Path.Join(sandbox.Dir, "hosts"), Path.Join(sandbox.Dir, "resolv.conf"), Path.Join(sandbox.Dir, "shm"));
            var spec = BundleSpecs.Container(id, sandbox.Id, config, ImageConfig.Load(content, image.Id), files, namespaces,
                $"{sandbox.CgroupParent}/{id}", rootfs.Path);
            if (sandbox.Config.Linux?.SecurityContext?.NamespaceOptions?.Network == V1.NamespaceMode.Node)
                spec.Linux.Namespaces.RemoveAll(n => n.Type is "network" or "uts");
            spec.WriteTo(container.Dir);
            StateRecords.Save(container);
            Log.ContainerCreated(logger, id, container.Name, sandbox.Id);
            return Task.FromResult(new V1.CreateContainerResponse { ContainerId = id });
        }
        catch
        {
            snapshotter.ReleaseRootfs(container.Dir);
            containers.Remove(id);
            throw;
        }
    }
}
