using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

/// <summary>
/// The CRI RuntimeService: pod sandboxes and containers, one partial file per RPC (containerd's
/// internal/cri/server/sandbox_run.go, container_start.go, …). So far it answers Version and Status; every other RPC
/// falls through to the generated base class and answers UNIMPLEMENTED.
/// Concept: https://kubernetes.io/docs/concepts/architecture/cri/
/// </summary>
public sealed partial class RuntimeService(RuntimeOptions options) : V1.RuntimeService.RuntimeServiceBase
{
    public const string RuntimeName = "minikube-runtime";

    /// <summary>The CRI version string containerd and CRI-O report to the kubelet.</summary>
    public const string CriVersion = "0.1.0";

    public const string RuntimeApiVersion = "v1";
}
