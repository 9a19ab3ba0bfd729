using System.CommandLine;
using System.Text;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl logs [--tail N] [-t] [-f] CONTAINER-ID</c>: like crictl, reads the container's log file itself (its path
/// comes from ContainerStatus) and decodes the CRI log format, <c>&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;P|F&gt;
/// &lt;text&gt;</c>: stdout lines go to stdout, stderr lines to stderr, and partial (P) chunks are joined into one line.
/// Concept: https://kubernetes.io/docs/concepts/cluster-administration/logging/#log-location-node
/// </summary>
public static class LogsCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>One line of a container's output, joined from its P chunks.</summary>
    public sealed record LogLine(string Timestamp, string Stream, string Text);

    public static Command Create(GlobalOptions globals)
    {
        var id = new Argument<string>("CONTAINER-ID") { Description = "The container." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow log output" };
        var tail = new Option<long>("--tail") { Description = "Number of lines to show from the end of the logs. Defaults to all", DefaultValueFactory = _ => -1 };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Show timestamps" };
        var command = new Command("logs", "Fetch the logs of a container") { id, follow, tail, timestamps };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var containerId = parse.GetValue(id)!;
            ContainerStatusResponse status;
            try { status = await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, cancellationToken: cancellationToken); }
            catch (RpcException ex) { throw CrictlCommand.Wrap($"getting the status of the container \"{containerId}\"", ex); }
            var path = status.Status.LogPath;
            if (string.IsNullOrEmpty(path)) throw new Client.CliException($"the container \"{containerId}\" has no log path");

            long offset = 0;
            var pending = new StringBuilder();
            var lines = ReadNew(path, ref offset, pending);
            var count = parse.GetValue(tail);
            if (count >= 0) lines = [.. lines.Skip(Math.Max(0, lines.Count - (int)Math.Min(count, int.MaxValue)))];
            await WriteAsync(lines, parse.GetValue(timestamps));
            while (parse.GetValue(follow))
            {
                // Follow until the container has exited and its last lines are printed.
                var running = (await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, cancellationToken: cancellationToken))
                    .Status.State is ContainerState.ContainerRunning or ContainerState.ContainerCreated;
                await WriteAsync(ReadNew(path, ref offset, pending), parse.GetValue(timestamps));
                if (!running) break;
                await Task.Delay(FollowInterval, cancellationToken);
            }
            return 0;
        });
        return command;
    }

    /// <summary>Decodes the lines appended since <paramref name="offset"/>; a P chunk waits in <paramref name="pending"/> for its F.</summary>
    public static List<LogLine> ReadNew(string path, ref long offset, StringBuilder pending)
    {
        var lines = new List<LogLine>();
        if (!File.Exists(path)) return lines;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var complete = text.LastIndexOf('\n') + 1;   // a line still being written is read next time
        offset += Encoding.UTF8.GetByteCount(text.AsSpan(0, complete));
        foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length < 3) continue;   // not a CRI log line
            pending.Append(parts.Length == 4 ? parts[3] : "");
            if (parts[2] == "P") continue;
            lines.Add(new LogLine(parts[0], parts[1], pending.ToString()));
            pending.Clear();
        }
        return lines;
    }

    private static async Task WriteAsync(IEnumerable<LogLine> lines, bool timestamps)
    {
        foreach (var line in lines)
        {
            var writer = line.Stream == "stderr" ? Console.Error : Console.Out;
            await writer.WriteLineAsync(timestamps ? $"{line.Timestamp} {line.Text}" : line.Text);
        }
        await Console.Out.FlushAsync();
    }
}
