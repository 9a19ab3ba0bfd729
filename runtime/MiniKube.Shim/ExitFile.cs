using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniKube.Shim;

/// <summary>
/// How a container's init ended, as the shim leaves it in the container's state directory before it exits:
/// <c>{"exitCode":3,"finishedAt":"2024-05-01T10:00:00.1234567+00:00"}</c>. containerd's shim reports the exit as a
/// TaskExit event and keeps it until containerd has read it; ours outlives the shim in a file, so a minikube-runtime that
/// was down when the container ended still learns its real exit code. minikube-runtime compiles this same file to read it.
/// </summary>
public static class ExitFile
{
    public const string Name = "exit.json";

    /// <summary>Write to a temporary file, flush it to disk, rename over: a reader sees the whole status or none.</summary>
    public static void Write(string path, int exitCode, DateTimeOffset finishedAt)
    {
        var json = $"{{\"exitCode\":{exitCode.ToString(CultureInfo.InvariantCulture)},\"finishedAt\":\"{finishedAt.ToString("O", CultureInfo.InvariantCulture)}\"}}\n";
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(json));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The recorded exit, or null when there is no (complete) exit file: the shim died before init did.</summary>
    public static (int ExitCode, DateTimeOffset FinishedAt)? TryRead(string path)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject exit
                || exit["exitCode"]?.GetValue<int>() is not { } code || exit["finishedAt"]?.GetValue<string>() is not { } finished) return null;
            return (code, DateTimeOffset.Parse(finished, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
