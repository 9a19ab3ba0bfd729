using Grpc.Core;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Stops a running container (containerd's container_stop.go): its stop signal (STOPSIGNAL, default SIGTERM), then
    /// SIGKILL when it has not exited after <c>timeout</c> seconds. Stopping a container that is not running succeeds.
    /// </summary>
    public override async Task<V1.StopContainerResponse> StopContainer(V1.StopContainerRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        await StopContainerAsync(container, TimeSpan.FromSeconds(Math.Max(0, request.Timeout)));
        return new V1.StopContainerResponse();
    }

    private async Task StopContainerAsync(Container container, TimeSpan timeout)
    {
        await container.Lock.WaitAsync();
        try
        {
            if (container.State != V1.ContainerState.ContainerRunning) return;
            var runtime = container.Sandbox.Runtime;
            if (timeout > TimeSpan.Zero)
            {
                var signal = container.Config.StopSignal == V1.Signal.RuntimeDefault ? "TERM" : container.Config.StopSignal.ToString().ToUpperInvariant();
                await runtime.KillAsync(container.Id, container.Dir, signal, CancellationToken.None);
                if (await Task.WhenAny(container.Exited, Task.Delay(timeout)) == container.Exited) return;
            }
            await runtime.KillAsync(container.Id, container.Dir, "KILL", CancellationToken.None);
            await container.Exited;
        }
        finally { container.Lock.Release(); }
    }
}
