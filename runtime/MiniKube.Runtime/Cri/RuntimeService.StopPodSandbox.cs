using Grpc.Core;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Stops every container of the pod (no grace period: the kubelet has already stopped them gracefully), kills the
    /// pause process, calls CNI DEL and removes the network namespace (containerd's sandbox_stop.go). The sandbox stays
    /// until RemovePodSandbox, NotReady. Stopping it again succeeds.
    /// </summary>
    public override async Task<V1.StopPodSandboxResponse> StopPodSandbox(V1.StopPodSandboxRequest request, ServerCallContext context)
    {
        var sandbox = sandboxes.Get(request.PodSandboxId);
        foreach (var container in containers.List().Where(c => c.Sandbox == sandbox))
            await StopContainerAsync(container, TimeSpan.Zero);
        await sandbox.Lock.WaitAsync(context.CancellationToken);
        try
        {
            if (sandbox.Pid > 0 && !sandbox.Exited.IsCompleted)
            {
                await sandbox.Runtime.KillAsync(sandbox.Id, sandbox.Dir, "KILL", CancellationToken.None);
                await sandbox.Exited;
            }
            await sandbox.Runtime.DeleteAsync(sandbox.Id, sandbox.Dir, CancellationToken.None);
            sandbox.State = V1.PodSandboxState.SandboxNotready;
            await TearDownNetworkAsync(sandbox);
            StateRecords.Save(sandbox);
            Log.SandboxStopped(logger, sandbox.Id);
        }
        finally { sandbox.Lock.Release(); }
        return new V1.StopPodSandboxResponse();
    }
}
