namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    /// <summary>One Information line per state change, so grepping a Pod's key shows its journey through the API server.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created {Resource} {Key} at resourceVersion {ResourceVersion}")]
        public static partial void Created(ILogger logger, string resource, string key, string? resourceVersion);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Updated {Resource} {Key} to resourceVersion {ResourceVersion}")]
        public static partial void Updated(ILogger logger, string resource, string key, string? resourceVersion);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Deleted {Resource} {Key}")]
        public static partial void Deleted(ILogger logger, string resource, string key);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Marked {Resource} {Key} for deletion; waiting for finalizers [{Finalizers}] or graceful termination")]
        public static partial void MarkedForDeletion(ILogger logger, string resource, string key, string finalizers);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Bound pod {Pod} to node {Node}")]
        public static partial void Bound(ILogger logger, string pod, string node);
    }
}
