using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MiniKube.ApiMachinery.Flags;
using YamlDotNet.RepresentationModel;

namespace MiniKube.Scheduler.Config;

/// <summary>
/// Reads a KubeSchedulerConfiguration file (YAML or JSON) strictly, as kube-scheduler does: an unknown field or a
/// wrong apiVersion/kind is an error, not ignored. The YAML is turned into JSON first, so plugin args reach each
/// plugin as JSON whatever the file's format.
/// </summary>
public static class ConfigLoader
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Parses <paramref name="text"/>; every problem found is added to <paramref name="problems"/>.</summary>
    public static KubeSchedulerConfiguration? Parse(string text, string source, List<string> problems)
    {
        JsonNode? json;
        try
        {
            var yaml = new YamlStream();
            using (var reader = new StringReader(text)) yaml.Load(reader);
            json = yaml.Documents.Count == 0 ? new JsonObject() : ToJson(yaml.Documents[0].RootNode);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            problems.Add($"{source}: not valid YAML: {ex.Message}");
            return null;
        }
        if (json is not JsonObject obj)
        {
            problems.Add($"{source}: expected a KubeSchedulerConfiguration object");
            return null;
        }
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if (apiVersion != KubeSchedulerConfiguration.GroupVersion)
        {
            problems.Add($"{source}: apiVersion must be {KubeSchedulerConfiguration.GroupVersion}, got \"{apiVersion}\"");
        }
        if (kind != "KubeSchedulerConfiguration") problems.Add($"{source}: kind must be KubeSchedulerConfiguration, got \"{kind}\"");
        try
        {
            return obj.Deserialize<KubeSchedulerConfiguration>(JsonOptions);
        }
        catch (JsonException ex)
        {
            problems.Add($"{source}: {StrictError(ex)}");
            return null;
        }
    }

    /// <summary>Every problem with a (defaulted) configuration, like upstream's ValidateKubeSchedulerConfiguration.</summary>
    public static List<string> Validate(KubeSchedulerConfiguration config)
    {
        var problems = new List<string>();
        if (config.PercentageOfNodesToScore is < 0 or > 100)
        {
            problems.Add($"percentageOfNodesToScore: Invalid value: {config.PercentageOfNodesToScore}: not in valid range [0-100]");
        }
        if (config.PodInitialBackoffSeconds is <= 0) problems.Add($"podInitialBackoffSeconds: Invalid value: {config.PodInitialBackoffSeconds}: must be greater than 0");
        if (config.PodMaxBackoffSeconds < config.PodInitialBackoffSeconds)
        {
            problems.Add($"podMaxBackoffSeconds: Invalid value: {config.PodMaxBackoffSeconds}: must be greater than or equal to PodInitialBackoffSeconds");
        }
        var le = config.LeaderElection!;
        TimeSpan Duration(string field, string? text)
        {
            if (text is not null && Durations.TryParse(text, out var value)) return value;
            problems.Add($"leaderElection.{field}: Invalid value: \"{text}\": not a duration like 15s");
            return TimeSpan.Zero;
        }
        var lease = Duration("leaseDuration", le.LeaseDuration);
        var renew = Duration("renewDeadline", le.RenewDeadline);
        var retry = Duration("retryPeriod", le.RetryPeriod);
        if (le.LeaderElect == true)
        {
            if (lease <= renew) problems.Add("leaderElection.leaseDuration: Invalid value: must be greater than renewDeadline");
            if (renew <= retry) problems.Add("leaderElection.renewDeadline: Invalid value: must be greater than retryPeriod");
            if (le.ResourceLock is not "leases") problems.Add($"leaderElection.resourceLock: Unsupported value: \"{le.ResourceLock}\": supported values: \"leases\"");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Profiles!.Count; i++)
        {
            var profile = config.Profiles[i];
            if (string.IsNullOrEmpty(profile.SchedulerName)) problems.Add($"profiles[{i}].schedulerName: Required value");
            else if (!names.Add(profile.SchedulerName)) problems.Add($"profiles[{i}].schedulerName: Duplicate value: \"{profile.SchedulerName}\"");
            if (profile.PercentageOfNodesToScore is < 0 or > 100)
            {
                problems.Add($"profiles[{i}].percentageOfNodesToScore: Invalid value: {profile.PercentageOfNodesToScore}: not in valid range [0-100]");
            }
        }
        return problems;
    }

    public static TimeSpan ParseDuration(string text) => Durations.TryParse(text, out var value) ? value : TimeSpan.Zero;

    private static string StrictError(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal) || ex.Path is null
            ? $"strict decoding error: {ex.Message}"
            : $"error decoding {ex.Path}: {ex.Message}";

    // YAML → JSON: plain scalars that look like numbers, booleans or null become those; quoted ones stay strings.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
            or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(value);
    }
}
