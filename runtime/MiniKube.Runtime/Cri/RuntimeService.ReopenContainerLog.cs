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
        if (container.Log is not { } log)
            throw new FailedPreconditionException($"container {container.Id} has no log to reopen (no log path, or its output was lost in a restart of the runtime)");
        await log.ReopenAsync();
        return new V1.ReopenContainerLogResponse();
    }
}
