using System.Diagnostics;

namespace MiniKube.Testing;

/// <summary>
/// Waits for a condition with a timeout instead of sleeping and hoping. The timeout grows when a debugger is attached.
/// </summary>
public static class Eventually
{
    public static TimeSpan Scale(TimeSpan timeout) => Debugger.IsAttached ? timeout * 20 : timeout;

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        var limit = Scale(timeout);
        Exception? last = null;
        while (deadline.Elapsed < limit)
        {
            try
            {
                if (await probe() is { } value) return value;
            }
            catch (Exception ex) { last = ex; }
            await Task.Delay(50);
        }
        throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#}s waiting for {what}" + (last is null ? "" : $"; last error: {last.Message}"), last);
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        UntilAsync<object>(async () => await probe() ? new object() : null, timeout, what);
}
