using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Removes the sandbox with all its containers (containerd's sandbox_remove.go): stops it first if it still runs,
    /// then deletes the pause container's rootfs and the pod's files. Removing a sandbox that is not there succeeds.
    /// </summary>
    public override async Task<V1.RemovePodSandboxResponse> RemovePodSandbox(V1.RemovePodSandboxRequest request, ServerCallContext context)
    {
        if (sandboxes.TryGet(request.PodSandboxId) is not { } sandbox) return new V1.RemovePodSandboxResponse();
        await StopPodSandbox(new V1.StopPodSandboxRequest { PodSandboxId = sandbox.Id }, context);
        foreach (var container in containers.List().Where(c => c.Sandbox == sandbox)) await RemoveContainerAsync(container);
        await sandbox.Lock.WaitAsync(context.CancellationToken);
        try
        {
            snapshotter.ReleaseRootfs(sandbox.Dir);
            sandboxes.Remove(sandbox.Id);
            Log.SandboxRemoved(logger, sandbox.Id);
        }
        finally { sandbox.Lock.Release(); }
        return new V1.RemovePodSandboxResponse();
    }
}
