namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Started sandbox {SandboxId} for pod {Namespace}/{Pod} with {Handler}: pause pid {Pid}, IP {Ip}")]
        public static partial void SandboxStarted(ILogger logger, string sandboxId, string pod, string @namespace, string handler, int pid, string ip);

        [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Sandbox {SandboxId} for pod {Pod} failed, undoing what was created: {Error}")]
        public static partial void SandboxFailed(ILogger logger, string sandboxId, string pod, string error);


        [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Stopped sandbox {SandboxId}")]
        public static partial void SandboxStopped(ILogger logger, string sandboxId);

        [LoggerMessage(EventId = 4305, Level = LogLevel.Information, Message = "Removed sandbox {SandboxId}")]
        public static partial void SandboxRemoved(ILogger logger, string sandboxId);

        [LoggerMessage(EventId = 4310, Level = LogLevel.Information, Message = "Created container {ContainerId} ({Name}) in sandbox {SandboxId}")]
        public static partial void ContainerCreated(ILogger logger, string containerId, string name, string sandboxId);

        [LoggerMessage(EventId = 4311, Level = LogLevel.Information, Message = "Started container {ContainerId} ({Name}): pid {Pid}")]
        public static partial void ContainerStarted(ILogger logger, string containerId, string name, int pid);


        [LoggerMessage(EventId = 4313, Level = LogLevel.Information, Message = "Removed container {ContainerId}")]
        public static partial void ContainerRemoved(ILogger logger, string containerId);

        [LoggerMessage(EventId = 4314, Level = LogLevel.Warning, Message = "Container {ContainerId} failed to start: {Error}")]
        public static partial void ContainerStartFailed(ILogger logger, string containerId, string error);

        [LoggerMessage(EventId = 4315, Level = LogLevel.Information, Message = "The kubelet set the pod CIDR {PodCidr}; the CNI config's IPAM decides the pod IPs")]
        public static partial void PodCidrNoted(ILogger logger, string podCidr);
    }
}
