using Grpc.Core;
using MiniKube.Runtime.Store;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    /// <summary>
    /// Changes a container's CPU and memory limits (containerd's container_update_resources.go), e.g. for in-place pod
    /// resize: a running container gets them in its cgroup at once through the OCI runtime; a created one when it
    /// starts. The new values are what ContainerStatus reports from then on, and they survive a restart.
    /// </summary>
    public override async Task<V1.UpdateContainerResourcesResponse> UpdateContainerResources(V1.UpdateContainerResourcesRequest request, ServerCallContext context)
    {
        var container = containers.Get(request.ContainerId);
        var resources = request.Linux ?? throw new InvalidArgumentException("UpdateContainerResources: linux resources are required");
        await container.Lock.WaitAsync(context.CancellationToken);
        try
        {
            if (container.State == V1.ContainerState.ContainerExited)
                throw new FailedPreconditionException($"container {container.Id} is in {container.State} state: cannot update its resources");
            if (container.State == V1.ContainerState.ContainerCreated)
            {
                // Not running yet: the new limits go into config.json, which `create` reads at StartContainer.
                var spec = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Join(container.Dir, "config.json"), context.CancellationToken))!;
                // Only CPU and memory change; device rules and the rest of linux.resources stay.
                var current = spec["linux"]!["resources"] ??= new System.Text.Json.Nodes.JsonObject();
                foreach (var (name, value) in Oci.CgroupResources.ToOci(resources).ToList()) current[name] = value?.DeepClone();
                await File.WriteAllTextAsync(Path.Join(container.Dir, "config.json"), spec.ToJsonString(), context.CancellationToken);
            }
            else
            {
                await container.Sandbox.Runtime.UpdateAsync(container.Id, container.Dir, $"{container.Sandbox.CgroupParent}/{container.Id}", resources, context.CancellationToken);
            }
            container.Config.Linux ??= new V1.LinuxContainerConfig();
            container.Config.Linux.Resources = resources;
            StateRecords.Save(container);
        }
        finally { container.Lock.Release(); }
        return new V1.UpdateContainerResourcesResponse();
    }
}
