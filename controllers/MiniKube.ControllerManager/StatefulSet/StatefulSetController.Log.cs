using Microsoft.Extensions.Logging;

namespace MiniKube.ControllerManager.StatefulSet;

public sealed partial class StatefulSetController
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "StatefulSet {StatefulSet} created Pod {PodName} from revision {Revision}")]
        public static partial void CreatedPod(ILogger logger, string statefulSet, string podName, string revision);

        [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "StatefulSet {StatefulSet} created claim {Claim} for Pod {PodName}")]
        public static partial void CreatedClaim(ILogger logger, string statefulSet, string claim, string podName);

        [LoggerMessage(EventId = 2403, Level = LogLevel.Debug, Message = "StatefulSet {StatefulSet} is waiting for Pod {PodName} to be Running and Ready")]
        public static partial void WaitingForPod(ILogger logger, string statefulSet, string podName);

        [LoggerMessage(EventId = 2404, Level = LogLevel.Information, Message = "StatefulSet {StatefulSet} terminating Pod {PodName} for scale down")]
        public static partial void ScalingDown(ILogger logger, string statefulSet, string podName);

        [LoggerMessage(EventId = 2405, Level = LogLevel.Information, Message = "StatefulSet {StatefulSet} terminating Pod {PodName} for update to revision {Revision}")]
        public static partial void UpdatingPod(ILogger logger, string statefulSet, string podName, string revision);

        [LoggerMessage(EventId = 2406, Level = LogLevel.Information, Message = "Pod {Pod} is {Phase}; deleting it so that it is recreated")]
        public static partial void RecreatingFailedPod(ILogger logger, string pod, string phase);
    }
}
