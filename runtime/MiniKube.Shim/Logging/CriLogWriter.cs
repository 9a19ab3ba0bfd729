using System.Text;

namespace MiniKube.Shim.Logging;

/// <summary>
/// Copies a container's stdout and stderr into its log file in the CRI log format, one line per entry:
/// <c>2016-10-06T00:17:09.669794202Z stdout F the line</c> — time (RFC 3339 with nanoseconds), stream, <c>F</c> for a
/// full line or <c>P</c> for a partial one (a line longer than the buffer, or output ending without a newline), the
/// content. The kubelet's `kubectl logs` parses exactly this (containerd's internal/cri/io/logger.go).
/// Concept: https://kubernetes.io/docs/concepts/cluster-administration/logging/#how-nodes-handle-container-logs
/// </summary>
public sealed class CriLogWriter : IAsyncDisposable
{
    /// <summary>containerd's default max_container_log_line_size: longer lines are split into P entries.</summary>
    public const int MaxLineSize = 16 * 1024;

    private readonly string? _path;
    private FileStream? _file;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Task _copying;

    public CriLogWriter(string? path, Stream stdout, Stream stderr, Action<string, ReadOnlyMemory<byte>>? tee = null)
    {
        _path = path;
        _file = path is null ? null : Open(path);
        Tee = tee;
        _copying = Task.WhenAll(CopyAsync(stdout, "stdout"), CopyAsync(stderr, "stderr"));
    }

    /// <summary>Gets every chunk read from a stream ("stdout" or "stderr") as it is read (the attached clients); the memory is reused after the call returns.</summary>
    public Action<string, ReadOnlyMemory<byte>>? Tee { get; }

    private static FileStream Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Closes the file and opens the path again: after log rotation renamed it, new entries go to a new file.</summary>
    public async Task ReopenAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_path is null) return;
            if (_file is not null) await _file.DisposeAsync();
            _file = Open(_path);
        }
        finally { _lock.Release(); }
    }

    /// <summary>Completes when both streams reached end of file: every process holding them has exited.</summary>
    public Task Completion => _copying;

    private async Task CopyAsync(Stream stream, string name)
    {
        var buffer = new byte[MaxLineSize];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (read == 0) break;
                Tee?.Invoke(name, buffer.AsMemory(filled, read));
                filled += read;
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
                {
                    await WriteAsync(name, 'F', buffer.AsMemory(start, newline - start));
                    start = newline + 1;
                }
                if (start == 0 && filled == buffer.Length)
                {
                    await WriteAsync(name, 'P', buffer.AsMemory(0, filled));
                    filled = 0;
                    continue;
                }
                Array.Copy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }
        }
        catch (IOException)
        {
            // The pipe broke: what we have is all there is.
        }
        finally
        {
            await stream.DisposeAsync();
        }
        if (filled > 0) await WriteAsync(name, 'P', buffer.AsMemory(0, filled));
    }

    private async Task WriteAsync(string stream, char tag, ReadOnlyMemory<byte> line)
    {
        if (_file is null) return;
        var prefix = Encoding.ASCII.GetBytes($"{Timestamp(DateTimeOffset.UtcNow)} {stream} {tag} ");
        await _lock.WaitAsync();
        try
        {
            // One write per entry, so a reader never sees half an entry from each stream interleaved.
            var entry = new byte[prefix.Length + line.Length + 1];
            prefix.CopyTo(entry, 0);
            line.CopyTo(entry.AsMemory(prefix.Length));
            entry[^1] = (byte)'\n';
            await _file!.WriteAsync(entry);
            await _file.FlushAsync();
        }
        finally { _lock.Release(); }
    }

    /// <summary>RFC 3339 with nanoseconds, as Go's time.RFC3339Nano writes it in UTC (trailing zeros dropped).</summary>
    public static string Timestamp(DateTimeOffset time)
    {
        var fraction = (time.UtcTicks % TimeSpan.TicksPerSecond * 100).ToString("D9", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0');
        return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
               + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    public async ValueTask DisposeAsync()
    {
        await _copying;
        if (_file is not null) await _file.DisposeAsync();
        _lock.Dispose();
    }
}
