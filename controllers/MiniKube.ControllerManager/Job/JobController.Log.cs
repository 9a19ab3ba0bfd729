using Microsoft.Extensions.Logging;

namespace MiniKube.ControllerManager.Job;

public sealed partial class JobController
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2441, Level = LogLevel.Information, Message = "Job {Job}: creating {Count} pods")]
        public static partial void CreatingPods(ILogger logger, string job, int count);

        [LoggerMessage(EventId = 2442, Level = LogLevel.Information, Message = "Job {Job}: counted {Succeeded} succeeded and {Failed} failed pods")]
        public static partial void CountedPods(ILogger logger, string job, int succeeded, int failed);

        [LoggerMessage(EventId = 2443, Level = LogLevel.Information, Message = "Job {Job}: condition {Condition} ({Reason})")]
        public static partial void TargetReached(ILogger logger, string job, string condition, string reason);

        [LoggerMessage(EventId = 2444, Level = LogLevel.Information, Message = "Job {Job} finished: {Condition} ({Reason})")]
        public static partial void Finished(ILogger logger, string job, string condition, string reason);

        [LoggerMessage(EventId = 2445, Level = LogLevel.Information, Message = "Job {Job}: waiting {Seconds:0.#}s after a pod failure before creating more pods")]
        public static partial void BackingOff(ILogger logger, string job, double seconds);
    }
}
