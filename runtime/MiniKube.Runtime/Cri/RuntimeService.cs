using MiniKube.Runtime.Images;
using MiniKube.Runtime.Network;
using MiniKube.Runtime.Oci;
using MiniKube.Runtime.Snapshots;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

/// <summary>
/// The CRI RuntimeService: pod sandboxes and containers, one partial file per RPC (containerd's
/// internal/cri/server/sandbox_run.go, container_start.go, …). Exec and PortForward return a URL on the
/// streaming server; Attach falls through to the generated base class and answers UNIMPLEMENTED.
/// Concept: https://kubernetes.io/docs/concepts/architecture/cri/
/// </summary>
public sealed partial class RuntimeService(
    RuntimeOptions options,
    SandboxStore sandboxes,
    ContainerStore containers,
    ImageStore images,
    ContentStore content,
    ImagePuller puller,
    Snapshotter snapshotter,
    OciRuntimes runtimes,
    CniNetwork cni,
    EventMonitor events,
    Streaming.StreamServer streams,
    ILogger<RuntimeService> logger) : V1.RuntimeService.RuntimeServiceBase
{
    public const string RuntimeName = "minikube-runtime";

    /// <summary>The CRI version string containerd and CRI-O report to the kubelet.</summary>
    public const string CriVersion = "0.1.0";

    public const string RuntimeApiVersion = "v1";

    /// <summary>A new 64-hex-digit id, like containerd's util.GenerateID.</summary>
    private static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>CRI times are nanoseconds since the Unix epoch.</summary>
    private static long UnixNanos(DateTimeOffset? time) => time is { } t ? (t - DateTimeOffset.UnixEpoch).Ticks * 100 : 0;

    private static bool LabelsMatch(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
