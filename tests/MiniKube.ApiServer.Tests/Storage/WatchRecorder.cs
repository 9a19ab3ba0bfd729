using System.Text;
using System.Threading.Channels;
using MiniKube.ApiServer.Storage;
using MiniKube.Testing;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Storage;

/// <summary>
/// Runs a storage watch in the background and hands its events to the test one at a time, each wait bounded by a
/// timeout, so a missing event fails the test instead of hanging it. Every event is logged to the test output.
/// </summary>
internal sealed class WatchRecorder : IAsyncDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public WatchRecorder(IStorage storage, string prefix, long afterRevision, ITestOutputHelper output)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in storage.WatchAsync(prefix, afterRevision, _stop.Token))
                {
                    output.WriteLine($"watch {prefix} after {afterRevision}: {change.Type} {change.Key} @{change.Revision} " +
                                     $"value={Text(change.Value)} previous={Text(change.PreviousValue)}");
                    await _events.Writer.WriteAsync(change);
                }
                _events.Writer.Complete();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                _events.Writer.Complete();
            }
            catch (Exception ex)
            {
                _events.Writer.Complete(ex); // NextAsync rethrows it (wrapped) so the test sees why the watch ended
            }
        });
    }

    /// <summary>The next event; fails if none arrives in time or the watch ended.</summary>
    public async Task<WatchEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Eventually.Scale(EventTimeout));
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no watch event within {EventTimeout.TotalSeconds:0}s");
        }
    }

    /// <summary>The next event if one has already arrived, else null.</summary>
    public WatchEvent? TryTake() => _events.Reader.TryRead(out var change) ? change : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }

    private static string Text(byte[]? value) => value is null ? "null" : Encoding.UTF8.GetString(value);
}
