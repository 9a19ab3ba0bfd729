using Grpc.Core;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>The sandbox's state, IP (what becomes the Pod's status.podIP) and namespace modes; verbose adds runtime details.</summary>
    public override Task<V1.PodSandboxStatusResponse> PodSandboxStatus(V1.PodSandboxStatusRequest request, ServerCallContext context)
    {
        var sandbox = sandboxes.Get(request.PodSandboxId);
        var status = new V1.PodSandboxStatus
        {
            Id = sandbox.Id,
            Metadata = sandbox.Config.Metadata,
            State = sandbox.State,
            CreatedAt = UnixNanos(sandbox.CreatedAt),
            Network = new V1.PodSandboxNetworkStatus { Ip = sandbox.State == V1.PodSandboxState.SandboxReady ? sandbox.Ip : "" },
            Linux = new V1.LinuxPodSandboxStatus
            {
                Namespaces = new V1.Namespace
                {
                    Options = sandbox.Config.Linux?.SecurityContext?.NamespaceOptions ?? new V1.NamespaceOption { Network = V1.NamespaceMode.Pod, Pid = V1.NamespaceMode.Container, Ipc = V1.NamespaceMode.Pod },
                },
            },
            RuntimeHandler = sandbox.Runtime.Handler,
        };
        status.Labels.Add(sandbox.Config.Labels);
        status.Annotations.Add(sandbox.Config.Annotations);
        var response = new V1.PodSandboxStatusResponse { Status = status, Timestamp = UnixNanos(DateTimeOffset.UtcNow) };
        if (request.Verbose)
        {
            response.Info["info"] = System.Text.Json.JsonSerializer.Serialize(new
            {
                pid = sandbox.Pid,
                runtimeHandler = sandbox.Runtime.Handler,
                runtimeBinary = sandbox.Runtime.Binary,
                bundle = sandbox.Dir,
                netNamespacePath = sandbox.NetNsPath,
                cgroupParent = sandbox.CgroupParent,
                image = sandbox.ImageId,
            });
        }
        return Task.FromResult(response);
    }

    /// <summary>The sandboxes, filtered by id (or prefix), state and labels (all must match).</summary>
    public override Task<V1.ListPodSandboxResponse> ListPodSandbox(V1.ListPodSandboxRequest request, ServerCallContext context)
    {
        var filter = request.Filter;
        var response = new V1.ListPodSandboxResponse();
        foreach (var sandbox in sandboxes.List().Where(s => Matches(s, filter)))
        {
            var item = new V1.PodSandbox
            {
                Id = sandbox.Id,
                Metadata = sandbox.Config.Metadata,
                State = sandbox.State,
                CreatedAt = UnixNanos(sandbox.CreatedAt),
                RuntimeHandler = sandbox.Runtime.Handler,
            };
            item.Labels.Add(sandbox.Config.Labels);
            item.Annotations.Add(sandbox.Config.Annotations);
            response.Items.Add(item);
        }
        return Task.FromResult(response);
    }

    private static bool Matches(Sandbox sandbox, V1.PodSandboxFilter? filter) =>
        filter is null
        || ((filter.Id.Length == 0 || sandbox.Id.StartsWith(filter.Id, StringComparison.Ordinal))
            && (filter.State is null || filter.State.State == sandbox.State)
            && LabelsMatch(filter.LabelSelector, sandbox.Config.Labels));
}
