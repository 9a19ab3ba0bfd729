using Microsoft.Extensions.Logging;

namespace MiniKube.ControllerManager.DaemonSet;

public sealed partial class DaemonSetController
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2421, Level = LogLevel.Information, Message = "DaemonSet {DaemonSet}: {Creating} nodes need a daemon pod, {Deleting} daemon pods must go")]
        public static partial void Syncing(ILogger logger, string daemonSet, int creating, int deleting);

        [LoggerMessage(EventId = 2422, Level = LogLevel.Information, Message = "DaemonSet {DaemonSet} deleting pod {PodName} for node {Node}")]
        public static partial void DeletingPod(ILogger logger, string daemonSet, string podName, string node);

        [LoggerMessage(EventId = 2423, Level = LogLevel.Information, Message = "DaemonSet {DaemonSet} rolling update: replacing {Count} old pods (maxUnavailable {MaxUnavailable})")]
        public static partial void RollingUpdate(ILogger logger, string daemonSet, int count, int maxUnavailable);
    }
}
