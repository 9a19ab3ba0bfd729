using Microsoft.Extensions.Logging;

namespace MiniKube.ControllerManager.ReplicaSet;

/// <summary>The ReplicaSet controller's log lines (EventIds 2201–2299).</summary>
internal static partial class ReplicaSetControllerLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Too few replicas for {Kind} {Key}: need {Need}, creating {Creating}")]
    public static partial void TooFewReplicas(ILogger logger, string kind, string key, int need, int creating);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Too many replicas for {Kind} {Key}: need {Need}, deleting {Deleting}")]
    public static partial void TooManyReplicas(ILogger logger, string kind, string key, int need, int deleting);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "{Kind} {Key} has been deleted")]
    public static partial void Deleted(ILogger logger, string kind, string key);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Could not write an Event")]
    public static partial void EventWriteFailed(ILogger logger, Exception exception);
}
