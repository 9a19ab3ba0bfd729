using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Closes the container's log file and opens the path again (containerd's container_log_reopen.go): the kubelet's
    /// log rotation renames 0.log to 0.log.&lt;timestamp&gt; and then asks for this, so new lines go to a fresh 0.log.
    /// </summary>
    public override async Task<V1.ReopenContainerLogResponse> ReopenContainerLog(V1.ReopenContainerLogRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        if (container.State != V1.ContainerState.ContainerRunning)
            throw new FailedPreconditionException("container is not running");
        if (container.LogPath is null || container.Shim is not { } shim)
            throw new FailedPreconditionException($"container {container.Id} has no log to reopen");
        // The shim writes the log (it outlives restarts of the runtime): it closes the file and opens the path again.
        await shim.ReopenLogAsync(context.CancellationToken);
        return new V1.ReopenContainerLogResponse();
    }
}
