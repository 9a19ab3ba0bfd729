using Grpc.Core;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Removes a container (containerd's container_remove.go): a running one is killed first; then the runtime's
    /// state, the rootfs mount and the bundle go. The log file stays: the kubelet owns the log directory.
    /// Removing a container that is not there succeeds.
    /// </summary>
    public override async Task<V1.RemoveContainerResponse> RemoveContainer(V1.RemoveContainerRequest request, ServerCallContext context)
    {
        Container container;
        try { container = containers.Get(request.ContainerId); }
        catch (NotFoundException) { return new V1.RemoveContainerResponse(); }
        await RemoveContainerAsync(container);
        return new V1.RemoveContainerResponse();
    }

    private async Task RemoveContainerAsync(Container container)
    {
        await StopContainerAsync(container, TimeSpan.Zero);
        await container.Lock.WaitAsync();
        try
        {
            await container.Sandbox.Runtime.DeleteAsync(container.Id, container.Dir, CancellationToken.None);
            snapshotter.ReleaseRootfs(container.Dir);
            containers.Remove(container.Id);
            Log.ContainerRemoved(logger, container.Id);
        }
        finally { container.Lock.Release(); }
    }
}
