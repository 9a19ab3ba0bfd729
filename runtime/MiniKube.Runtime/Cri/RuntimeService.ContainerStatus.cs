using Grpc.Core;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>What the kubelet turns into the Pod's containerStatuses: state, times, exit code and reason, image, mounts, log path.</summary>
    public override Task<V1.ContainerStatusResponse> ContainerStatus(V1.ContainerStatusRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        var status = new V1.ContainerStatus
        {
            Id = container.Id,
            Metadata = container.Config.Metadata,
            State = container.State,
            CreatedAt = UnixNanos(container.CreatedAt),
            StartedAt = UnixNanos(container.StartedAt),
            FinishedAt = UnixNanos(container.FinishedAt),
            ExitCode = container.ExitCode,
            Image = container.Config.Image,
            ImageRef = container.ImageId,
            ImageId = container.ImageId,
            Reason = container.Reason,
            Message = container.Message,
            LogPath = container.LogPath ?? "",
            Resources = container.Config.Linux?.Resources is { } r ? new V1.ContainerResources { Linux = r } : null,
            StopSignal = container.Config.StopSignal,
        };
        status.Labels.Add(container.Config.Labels);
        status.Annotations.Add(container.Config.Annotations);
        status.Mounts.Add(container.Config.Mounts);
        var response = new V1.ContainerStatusResponse { Status = status };
        if (request.Verbose)
        {
            response.Info["info"] = System.Text.Json.JsonSerializer.Serialize(new
            {
                pid = container.Pid,
                sandboxID = container.Sandbox.Id,
                runtimeHandler = container.Sandbox.Runtime.Handler,
                bundle = container.Dir,
                cgroupsPath = $"{container.Sandbox.CgroupParent}/{container.Id}",
            });
        }
        return Task.FromResult(response);
    }

    /// <summary>The containers, filtered by id (or prefix), state, sandbox id (or prefix) and labels.</summary>
    public override Task<V1.ListContainersResponse> ListContainers(V1.ListContainersRequest request, ServerCallContext context)
    {
        var response = new V1.ListContainersResponse();
        foreach (var container in containers.List().Where(c => Matches(c, request.Filter)))
        {
            var item = new V1.Container
            {
                Id = container.Id,
                PodSandboxId = container.Sandbox.Id,
                Metadata = container.Config.Metadata,
                Image = container.Config.Image,
                ImageRef = container.ImageId,
                ImageId = container.ImageId,
                State = container.State,
                CreatedAt = UnixNanos(container.CreatedAt),
            };
            item.Labels.Add(container.Config.Labels);
            item.Annotations.Add(container.Config.Annotations);
            response.Containers.Add(item);
        }
        return Task.FromResult(response);
    }

    private static bool Matches(Container container, V1.ContainerFilter? filter) =>
        filter is null
        || ((filter.Id.Length == 0 || container.Id.StartsWith(filter.Id, StringComparison.Ordinal))
            && (filter.State is null || filter.State.State == container.State)
            && (filter.PodSandboxId.Length == 0 || container.Sandbox.Id.StartsWith(filter.PodSandboxId, StringComparison.Ordinal))
            && LabelsMatch(filter.LabelSelector, container.Config.Labels));
}
