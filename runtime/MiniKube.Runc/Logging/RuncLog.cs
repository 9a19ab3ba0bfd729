using System.Globalization;
using System.Text.Json;

namespace MiniKube.Runc.Logging;

/// <summary>
/// minirunc's log, in runc's format, because the high-level runtime reads it: containerd passes `--log FILE
/// --log-format json` and, when a command fails, shows the last "error" line from that file. Without --log, lines go
/// to stderr as `time="…" level=error msg="…"`; with --log they go to the file, and errors are also printed plainly
/// on stderr.
/// </summary>
/// <remarks>
/// Upstream difference from the rest of MiniKube: no ILogger here. minirunc is a tiny short-lived CLI whose log
/// format is a contract with its caller, and it must start in milliseconds.
/// </remarks>
internal static class RuncLog
{
    private static string? s_file;
    private static bool s_json;
    private static bool s_debug;

    public static void Configure(string? file, string format, bool debug)
    {
        s_file = file;
        s_json = format == "json";
        s_debug = debug;
    }

    public static void Error(string message)
    {
        Write("error", message);
        if (s_file is not null) Console.Error.WriteLine(message);
    }

    public static void Warning(string message) => Write("warning", message);

    public static void Info(string message) => Write("info", message);

    public static void Debug(string message)
    {
        if (s_debug) Write("debug", message);
    }

    private static void Write(string level, string message)
    {
        var time = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var line = s_json
            ? JsonSerializer.Serialize(new LogEntry(level, message, time), MiniruncJsonContext.Default.LogEntry)
            : $"time=\"{time}\" level={level} msg=\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        if (s_file is null)
        {
            Console.Error.WriteLine(line);
            return;
        }
        try { File.AppendAllText(s_file, line + "\n"); }
        catch (IOException) { Console.Error.WriteLine(line); }
    }
}
