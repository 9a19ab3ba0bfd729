using Microsoft.Extensions.Logging;

namespace MiniKube.Scheduler;

public sealed partial class Scheduler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Attempting to acquire leader lease {Namespace}/{Name} as {Identity}")]
        public static partial void Campaigning(ILogger logger, string @namespace, string name, string identity);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Successfully acquired lease as {Identity}; starting scheduler")]
        public static partial void StartedLeading(ILogger logger, string identity);

        [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "New leader elected: {Leader}")]
        public static partial void NewLeader(ILogger logger, string leader);

        [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Leader election lost by {Identity}; exiting so that a fresh start campaigns again")]
        public static partial void LeaderElectionLost(ILogger logger, string identity);

        [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Starting scheduler with profiles {Profiles}; caches synced with {Nodes} nodes")]
        public static partial void Started(ILogger logger, string profiles, int nodes);

        [LoggerMessage(EventId = 3106, Level = LogLevel.Error, Message = "Invalid configuration: {Problem}")]
        public static partial void InvalidConfiguration(ILogger logger, string problem);

        [LoggerMessage(EventId = 3110, Level = LogLevel.Debug, Message = "Scheduled {Pod} to {Node} in {Milliseconds:0.0}ms; binding")]
        public static partial void ScheduledPod(ILogger logger, string pod, string node, double milliseconds);

        [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Bound pod {Pod} to node {Node} (attempts: {Attempts})")]
        public static partial void Bound(ILogger logger, string pod, string node, int attempts);

        [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "Unable to schedule pod {Pod}: {Message}")]
        public static partial void UnableToSchedule(ILogger logger, string pod, string message);

        [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "Binding pod {Pod} to node {Node} failed; forgetting it and retrying: {Message}")]
        public static partial void BindingFailed(ILogger logger, string pod, string node, string message);

        [LoggerMessage(EventId = 3114, Level = LogLevel.Information, Message = "Preemption for pod {Pod}: evicting victims, nominated node {Node}")]
        public static partial void Preempted(ILogger logger, string pod, string node);

        [LoggerMessage(EventId = 3115, Level = LogLevel.Warning, Message = "PostFilter failed for pod {Pod}: {Message}")]
        public static partial void PostFilterFailed(ILogger logger, string pod, string message);

        [LoggerMessage(EventId = 3116, Level = LogLevel.Warning, Message = "Updating the status of pod {Pod} failed: {Message}")]
        public static partial void StatusUpdateFailed(ILogger logger, string pod, string message);

        [LoggerMessage(EventId = 3117, Level = LogLevel.Warning, Message = "Assumed pod {Uid} expired: its binding was never confirmed")]
        public static partial void AssumedPodExpired(ILogger logger, string uid);

        [LoggerMessage(EventId = 3118, Level = LogLevel.Debug, Message = "Watch of {Resource} failed (retrying): {Message}")]
        public static partial void WatchFailed(ILogger logger, string resource, string message);

        [LoggerMessage(EventId = 3119, Level = LogLevel.Warning, Message = "Writing an Event failed: {Message}")]
        public static partial void EventWriteFailed(ILogger logger, string message);
    }
}
