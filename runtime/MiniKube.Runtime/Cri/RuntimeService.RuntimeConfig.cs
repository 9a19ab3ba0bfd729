using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// The kubelet asks at start which cgroup driver the runtime uses (KubeletCgroupDriverFromCRI) and uses the same:
    /// minikube-runtime only has the cgroupfs driver (there is no systemd on these machines).
    /// </summary>
    public override Task<V1.RuntimeConfigResponse> RuntimeConfig(V1.RuntimeConfigRequest request, ServerCallContext context) =>
        Task.FromResult(new V1.RuntimeConfigResponse
        {
            Linux = new V1.LinuxRuntimeConfiguration { CgroupDriver = V1.CgroupDriver.Cgroupfs },
        });

    /// <summary>
    /// The kubelet passes the node's pod CIDR once it knows it. As containerd does when a CNI config is in place, the
    /// runtime only notes it: the IP ranges come from the network config's IPAM (host-local's subnet).
    /// </summary>
    public override Task<V1.UpdateRuntimeConfigResponse> UpdateRuntimeConfig(V1.UpdateRuntimeConfigRequest request, ServerCallContext context)
    {
        if (request.RuntimeConfig?.NetworkConfig?.PodCidr is { Length: > 0 } podCidr) Log.PodCidrNoted(logger, podCidr);
        return Task.FromResult(new V1.UpdateRuntimeConfigResponse());
    }
}
