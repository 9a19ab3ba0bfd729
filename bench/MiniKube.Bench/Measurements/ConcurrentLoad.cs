using System.Diagnostics;

namespace MiniKube.Bench.Measurements;

/// <summary>
/// Runs one operation <c>count</c> times from <c>clients</c> concurrent loops, stopping early at <c>timeLimit</c>:
/// every load loop in the benchmark is bounded in both count and time.
/// </summary>
internal static class ConcurrentLoad
{
    /// <summary>
    /// <paramref name="operation"/> gets (client index, operation index) and returns null on success or an error text.
    /// Elapsed runs from the first operation to the last one finishing.
    /// </summary>
    public static async Task<ThroughputResult> RunAsync(int count, int clients, TimeSpan timeLimit,
        Func<int, int, CancellationToken, Task<string?>> operation, CancellationToken cancellationToken)
    {
        var next = -1;
        var succeeded = 0;
        var failed = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();

        async Task ClientLoopAsync(int client)
        {
            // Each loop takes the next index until all are taken or time is up, so fast clients do more.
            int index;
            while (clock.Elapsed < timeLimit && (index = Interlocked.Increment(ref next)) < count)
            {
                string? error;
                try
                {
                    error = await operation(client, index, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    error = $"{ex.GetType().Name}: {ex.Message}";
                }
                if (error is null)
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientLoopAsync(c), cancellationToken)));
        return new ThroughputResult(succeeded, failed, clock.Elapsed, firstError);
    }
}
