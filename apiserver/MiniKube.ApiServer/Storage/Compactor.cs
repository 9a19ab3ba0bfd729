namespace MiniKube.ApiServer.Storage;

/// <summary>
/// Periodic compaction, as kube-apiserver asks etcd every --etcd-compaction-interval: each tick forgets history
/// older than the revision seen at the previous tick, so a watcher always has at least one interval to resume.
/// Lists and watches from before that revision then get 410 Gone and re-list.
/// Concept: https://etcd.io/docs/v3.5/op-guide/maintenance/#history-compaction-v3-api-key-value-database
/// </summary>
public sealed partial class Compactor(IStorage storage, TimeSpan interval, ILogger<Compactor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero) return;
        long previous = 0;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var current = await storage.CurrentRevisionAsync(stoppingToken);
                if (previous > 0)
                {
                    await storage.CompactAsync(previous, stoppingToken);
                    Compacted(logger, previous);
                }
                previous = current;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CompactionFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Compacted storage history up to revision {Revision}")]
    private static partial void Compacted(ILogger logger, long revision);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Compaction failed; will retry at the next interval")]
    private static partial void CompactionFailed(ILogger logger, Exception exception);
}
