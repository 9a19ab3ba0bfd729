using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// One entry of <c>metadata.managedFields</c>: a field manager, the kind of operation it used (Apply or Update), and
/// the set of fields it owns. There is one entry per (manager, operation, subresource), so kubectl's server-side
/// applies and kubectl's plain updates are tracked apart, as upstream does.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
/// </summary>
// Upstream difference: upstream keeps Update entries apart per apiVersion too (apps/v1 vs apps/v1beta1) and converts
// field sets between versions; we serve one version per resource, so (manager, operation, subresource) is enough.
internal sealed class ManagerEntry
{
    public const string OperationApply = "Apply";
    public const string OperationUpdate = "Update";

    public ManagerEntry(string manager, string operation, string apiVersion, string? time, string subresource, FieldSet fields)
    {
        Manager = manager;
        Operation = operation;
        ApiVersion = apiVersion;
        Time = time;
        Subresource = subresource;
        Fields = fields;
    }

    public string Manager { get; }

    public string Operation { get; }

    public string ApiVersion { get; set; }

    /// <summary>When this manager last changed something, RFC 3339 in UTC ("2025-06-01T12:00:00Z").</summary>
    public string? Time { get; set; }

    /// <summary>"" for the main resource, "status" or "scale" for a write through that subresource.</summary>
    public string Subresource { get; }

    public FieldSet Fields { get; set; }

    public bool Is(string manager, string operation, string subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource;

    /// <summary>
    /// How upstream names this manager in conflict messages: <c>"kubectl"</c> for an Apply manager,
    /// <c>"kubectl-client-side-apply" using apps/v1</c> for an Update manager, plus <c>with subresource "status"</c>.
    /// </summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (Subresource.Length > 0)
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == OperationUpdate ? $"{text} using {ApiVersion}" : text;
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads the entries of <c>metadata.managedFields</c>; malformed entries are skipped.</summary>
    public static List<ManagerEntry> ReadAll(JsonNode? managedFields)
    {
        var entries = new List<ManagerEntry>();
        if (managedFields is not JsonArray list)
        {
            return entries;
        }

        foreach (var item in list)
        {
            if (item is not JsonObject entry || Text(entry, "manager") is not { } manager || Text(entry, "operation") is not { } operation)
            {
                continue;
            }

            entries.Add(new ManagerEntry(manager, operation, Text(entry, "apiVersion") ?? "", Text(entry, "time"),
                Text(entry, "subresource") ?? "", FieldSet.FromFieldsV1(entry["fieldsV1"])));
        }

        return entries;
    }

    /// <summary>
    /// Writes the entries back as <c>metadata.managedFields</c>, sorted like upstream (Apply before Update, then oldest
    /// first, then by name). Entries that own nothing are dropped, and no entries at all means no managedFields member.
    /// </summary>
    public static void WriteAll(JsonObject obj, IEnumerable<ManagerEntry> entries)
    {
        var kept = entries.Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => ParseTime(e.Time))
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal)
            .ToList();

        var metadata = obj["metadata"] as JsonObject;
        if (kept.Count == 0)
        {
            metadata?.Remove("managedFields");
            return;
        }

        if (metadata is null)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var list = new JsonArray();
        foreach (var entry in kept)
        {
            // Member order as the Go struct ManagedFieldsEntry serializes it.
            var json = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
            };
            if (entry.Time is not null)
            {
                json["time"] = entry.Time;
            }

            json["fieldsType"] = "FieldsV1";
            json["fieldsV1"] = entry.Fields.ToFieldsV1();
            if (entry.Subresource.Length > 0)
            {
                json["subresource"] = entry.Subresource;
            }

            list.Add(json);
        }

        metadata["managedFields"] = list;
    }

    private static DateTimeOffset ParseTime(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.MinValue;

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
