using System.Text;
using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// Field management for ordinary writes (create, update, and every patch type except apply): the API server records
/// in <c>metadata.managedFields</c> which field manager last set each field. A manager that changes a field becomes
/// its owner and the field is taken away from everyone else; there are no conflicts for these writes. That record is
/// what lets a later server-side apply notice it is about to overwrite somebody else's change.
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
/// </summary>
public static class ManagedFields
{
    public const string OperationApply = ManagerEntry.OperationApply;
    public const string OperationUpdate = ManagerEntry.OperationUpdate;

    /// <summary>The longest field manager name the apiserver accepts or derives.</summary>
    public const int FieldManagerMaxLength = 128;

    /// <summary>
    /// Returns <paramref name="newObject"/> (copied) with <c>metadata.managedFields</c> updated for a write by
    /// <paramref name="manager"/>: the fields that changed from <paramref name="oldObject"/> (every field that is set,
    /// when <paramref name="oldObject"/> is null because this is a create) are added to that manager's "Update" entry
    /// and removed from all other entries. <paramref name="subresource"/> is "status" or "scale" for writes through a
    /// subresource, which get their own entry (upstream shows <c>subresource: status</c>).
    /// </summary>
    public static JsonObject RecordUpdate(JsonObject? oldObject, JsonObject newObject, string manager, string apiVersion,
        DateTimeOffset now, Type modelType, string subresource = "")
    {
        if (newObject is null || modelType is null)
        {
            throw PatchException.BadRequest("an update needs the new object and its type to track managed fields");
        }

        if (string.IsNullOrEmpty(manager))
        {
            manager = "unknown"; // the name upstream records when a request names no manager and sends no user agent
        }

        JsonInput.EnsureReadable(oldObject, "old object");
        JsonInput.EnsureReadable(newObject, "new object");
        var result = (JsonObject)newObject.DeepClone();

        // Step 1: start from the managedFields the object already had. Clients that do not know about managedFields
        // send them back unchanged or leave them out; both keep the old ones. A client may also replace them on
        // purpose, and the special value [{}] strips them from the object altogether.
        var sentManagedFields = ManagedFieldsOf(newObject);
        var oldManagedFields = oldObject is null ? null : ManagedFieldsOf(oldObject);
        if (sentManagedFields is JsonArray { Count: 1 } sent && sent[0] is JsonObject { Count: 0 })
        {
            RemoveManagedFields(result);
            return result;
        }

        var clientReplaced = sentManagedFields is JsonArray { Count: > 0 } && !JsonEquality.AreEqual(sentManagedFields, oldManagedFields);
        var entries = ManagerEntry.ReadAll(clientReplaced ? sentManagedFields : oldManagedFields);

        // Step 2: what did this write change?
        var schema = SchemaNode.ForRoot(modelType);
        var comparison = FieldSetWalker.Compare(oldObject, result, schema, new IgnoredFields(ignoreStatus: false));
        var changed = comparison.Changed;

        // Step 3: changed fields move to this manager; removed fields are owned by nobody any more.
        // Upstream difference: upstream drops removed fields only from the writing manager's own entry and lets other
        // entries keep them until they are next touched; we drop them from every entry so the record stays tidy.
        var own = entries.Find(e => e.Is(manager, OperationUpdate, subresource));
        foreach (var entry in entries)
        {
            entry.Fields = entry == own
                ? entry.Fields.Difference(comparison.Removed)
                : entry.Fields.Difference(changed).Difference(comparison.Removed);
        }

        // The manager's entry (and its timestamp) is touched only if this write set something, as upstream does.
        if (!changed.IsEmpty)
        {
            if (own is null)
            {
                own = new ManagerEntry(manager, OperationUpdate, apiVersion, time: null, subresource, new FieldSet());
                entries.Add(own);
            }

            own.Fields = own.Fields.Union(changed);
            own.ApiVersion = apiVersion;
            own.Time = ManagerEntry.FormatTime(now);
        }

        // Upstream difference: upstream keeps at most 10 Update entries and folds the oldest into "ancient-changes";
        // we keep them all.
        RemoveManagedFields(result);
        ManagerEntry.WriteAll(result, entries);
        return result;
    }

    /// <summary>
    /// The field manager name for a request: its <c>fieldManager</c> query parameter, or else the user agent up to its
    /// first "/", keeping only printable characters and at most 128 bytes, as upstream derives it. So
    /// <c>kubectl/v1.32.5 (linux/amd64) kubernetes/abc</c> becomes <c>kubectl</c>.
    /// </summary>
    public static string ManagerFromUserAgent(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            return fieldManager;
        }

        var prefix = (userAgent ?? "").Split('/')[0];
        var name = new StringBuilder();
        var bytes = 0;
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                continue; // not printable
            }

            if (bytes + rune.Utf8SequenceLength > FieldManagerMaxLength)
            {
                break;
            }

            name.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        return name.ToString();
    }

    internal static JsonNode? ManagedFieldsOf(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata ? metadata["managedFields"] : null;

    internal static void RemoveManagedFields(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }
    }
}
