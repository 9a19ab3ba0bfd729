using Microsoft.Extensions.Logging;

namespace MiniKube.ControllerManager.Deployment;

public sealed partial class DeploymentController
{
    // EventIds 2301–2399.
    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Created new ReplicaSet {ReplicaSet} for Deployment {Deployment} (revision {Revision})")]
        public static partial void CreatedReplicaSet(ILogger logger, string replicaSet, string deployment, string revision);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Scaled {Direction} ReplicaSet {ReplicaSet} from {From} to {To}")]
        public static partial void ScaledReplicaSet(ILogger logger, string direction, string replicaSet, int from, int to);

        [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Deployment {Deployment} has been deleted")]
        public static partial void DeploymentDeleted(ILogger logger, string deployment);

        [LoggerMessage(EventId = 2304, Level = LogLevel.Information, Message = "Cleaning up old ReplicaSet {ReplicaSet} of Deployment {Deployment} (revisionHistoryLimit)")]
        public static partial void CleaningUpReplicaSet(ILogger logger, string replicaSet, string deployment);

        [LoggerMessage(EventId = 2305, Level = LogLevel.Information, Message = "Deployment {Deployment} rolled out: ReplicaSet {ReplicaSet} has successfully progressed")]
        public static partial void RolloutComplete(ILogger logger, string deployment, string replicaSet);

        [LoggerMessage(EventId = 2306, Level = LogLevel.Warning, Message = "Deployment {Deployment} exceeded its progress deadline of {Seconds}s")]
        public static partial void ProgressDeadlineExceeded(ILogger logger, string deployment, int seconds);

        [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "Hash collision for Deployment {Deployment}: collisionCount is now {CollisionCount}")]
        public static partial void HashCollision(ILogger logger, string deployment, int collisionCount);

        [LoggerMessage(EventId = 2308, Level = LogLevel.Warning, Message = "Could not write an Event")]
        public static partial void EventWriteFailed(ILogger logger, Exception exception);
    }
}
