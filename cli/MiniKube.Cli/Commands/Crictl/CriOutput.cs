using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using MiniKube.Cli.Client;
using MiniKube.Cli.Printing;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// How crictl prints: tables through a tabwriter (min width 20, padding 3), ids cut to 13 characters, sizes and ages
/// in go-units' words (<c>4.27MB</c>, <c>About a minute ago</c>), and <c>-o json|yaml</c> as the CRI message in
/// protobuf's JSON mapping (the same lowerCamelCase names crictl reads its config files with).
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-cluster/crictl/
/// </summary>
public static class CriOutput
{
    /// <summary>crictl's truncated ids: the first 13 characters, without a "sha256:" prefix.</summary>
    public const int TruncatedIdLength = 13;

    // Fields at their default values are printed too ("state": "SANDBOX_READY" is enum value 0, "exitCode": 0), as crictl does.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TabWriter Table() => new(20, 3);

    public static string Truncate(string id, bool noTrunc)
    {
        if (noTrunc) return id;
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id["sha256:".Length..] : id;
        return hex.Length > TruncatedIdLength ? hex[..TruncatedIdLength] : hex;
    }

    public static JsonNode ToJson(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    /// <summary>Prints a document in the format of <c>-o</c>: json (the default for inspect) or yaml.</summary>
    public static string Format(JsonNode node, string output) => output switch
    {
        "json" or "" => node.ToJsonString(Indented) + "\n",
        "yaml" => YamlPrinter.Print(node),
        _ => throw new CliException($"unsupported output format \"{output}\": use json or yaml"),
    };

    /// <summary>
    /// A status response with its verbose info, as crictl inspect prints it: <c>{"status": …}</c> plus each info key,
    /// whose value is JSON text from the runtime (parsed, so it prints as an object).
    /// </summary>
    public static JsonNode StatusWithInfo(IMessage status, IDictionary<string, string> info)
    {
        var document = new JsonObject { ["status"] = ToJson(status) };
        foreach (var (key, value) in info.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            try { document[key] = JsonNode.Parse(value); }
            catch (JsonException) { document[key] = value; }
        }
        return document;
    }

    /// <summary>go-units' HumanSizeWithPrecision(size, 3): decimal units, three significant digits.</summary>
    public static string HumanSize(double size)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        var i = 0;
        while (size >= 1000 && i < units.Length - 1) { size /= 1000; i++; }
        return size.ToString("G3", CultureInfo.InvariantCulture) + units[i];
    }

    /// <summary>crictl's CREATED column: go-units' HumanDuration of the age, then " ago".</summary>
    public static string Ago(long createdAtNanos)
    {
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(createdAtNanos / 1_000_000);
        return HumanDuration(age) + " ago";
    }

    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        var minutes = (long)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        var hours = (long)Math.Round(d.TotalHours);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{hours / 24 / 365} years";
    }

    /// <summary>crictl's words for container states: Created, Running, Exited, Unknown.</summary>
    public static string State(ContainerState state) => state switch
    {
        ContainerState.ContainerCreated => "Created",
        ContainerState.ContainerRunning => "Running",
        ContainerState.ContainerExited => "Exited",
        _ => "Unknown",
    };

    public static string State(PodSandboxState state) => state == PodSandboxState.SandboxReady ? "Ready" : "NotReady";

    /// <summary>"k=v" label flags into a map, as crictl's --label.</summary>
    public static Dictionary<string, string> Labels(IEnumerable<string> labels)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CliException($"incorrectly specified label: {label}");
            map[label[..eq]] = label[(eq + 1)..];
        }
        return map;
    }
}
