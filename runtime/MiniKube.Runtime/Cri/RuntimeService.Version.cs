using System.Reflection;
using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>Who we are: the kubelet logs it at start and refuses runtimes that do not speak runtime.v1.</summary>
    public override Task<V1.VersionResponse> Version(V1.VersionRequest request, ServerCallContext context) =>
        Task.FromResult(new V1.VersionResponse
        {
            Version = CriVersion,
            RuntimeName = RuntimeName,
            RuntimeVersion = typeof(RuntimeService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
            RuntimeApiVersion = RuntimeApiVersion,
        });
}
