using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>, <c>kubectl apply --server-side</c>): the client sends the
/// configuration it wants (its "applied configuration") and the server merges it into the live object, remembering in
/// <c>metadata.managedFields</c> which fields each manager applied. Three rules follow from that record:
/// <list type="number">
/// <item>Changing a field another manager owns is a conflict, unless the request says <c>force=true</c>, which moves
/// the field to the applier.</item>
/// <item>A field the manager applied before but leaves out now is removed, unless another manager still owns it.</item>
/// <item>Two managers applying the same value share the field.</item>
/// </list>
/// This is a pragmatic version of upstream's structured-merge-diff, driven by the same list keys as
/// <see cref="StrategicMergePatch"/> (see <see cref="ListStrategy"/>).
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/
/// </summary>
// Upstream difference: upstream also keeps the kubectl.kubernetes.io/last-applied-configuration annotation in step with
// server-side applies, so a later client-side apply computes the right diff; we leave that annotation alone.
public static class ServerSideApply
{
    /// <summary>
    /// Applies <paramref name="applied"/> for <paramref name="manager"/> to <paramref name="live"/> (null to create the
    /// object) and returns the new object with its managedFields. Throws <see cref="ApplyConflictException"/> on a
    /// conflict without <paramref name="force"/>, and <see cref="PatchException"/> for an invalid applied configuration.
    /// </summary>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, Type modelType,
        string apiVersion, DateTimeOffset now)
    {
        if (applied is null || modelType is null)
        {
            throw PatchException.BadRequest("an apply needs the applied configuration and the object's type");
        }

        if (string.IsNullOrEmpty(manager))
        {
            throw PatchException.Invalid("fieldManager: Required value: is required for apply requests");
        }

        JsonInput.EnsureReadable(live, "live object");
        JsonInput.EnsureReadable(applied, "applied configuration");
        var schema = SchemaNode.ForRoot(modelType);

        // Upstream resets status on an apply to the main resource: status belongs to the status subresource.
        var ignored = new IgnoredFields(ignoreStatus: schema.DeclaresField("status"));

        // Step 1: who owns what today. The managedFields themselves are bookkeeping, not part of the comparison.
        var liveObject = (JsonObject?)live?.DeepClone();
        var entries = ManagerEntry.ReadAll(liveObject is null ? null : ManagedFields.ManagedFieldsOf(liveObject));
        if (liveObject is not null)
        {
            ManagedFields.RemoveManagedFields(liveObject);
            if (entries.Count == 0)
            {
                // An object nobody has tracked yet (written before field management): upstream credits everything it
                // holds to "before-first-apply", so a first apply cannot silently overwrite it.
                var everything = FieldSetWalker.Compare(null, liveObject, schema, ignored).Changed;
                entries.Add(new ManagerEntry("before-first-apply", ManagedFields.OperationUpdate, apiVersion,
                    ManagerEntry.FormatTime(now), subresource: "", everything));
            }
        }

        var own = entries.Find(e => e.Is(manager, ManagedFields.OperationApply, subresource: ""));
        var others = entries.Where(e => e != own).ToList();

        // Step 2: the fields this applied configuration sets. The manager will own exactly these.
        var appliedObject = (JsonObject)applied.DeepClone();
        var appliedFields = FieldSetWalker.ToFieldSet(appliedObject, schema, ignored);

        // Step 3: merge the applied configuration into (a copy of) the live object.
        var merged = (JsonObject)Merge(liveObject?.DeepClone() ?? new JsonObject(), appliedObject, schema, [], ignored)!;

        // Step 4: conflicts. A field is in conflict when this apply changes its value and another manager owns it.
        // Applying the value a field already has is no conflict: the two managers then share it.
        var changed = FieldSetWalker.Compare(liveObject, merged, schema, ignored).Changed;
        var conflicts = others
            .SelectMany(owner => owner.Fields.Intersection(changed).Paths().Select(path => (Owner: owner, Path: path)))
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw ConflictError(conflicts);
        }

        foreach (var owner in others)
        {
            owner.Fields = owner.Fields.Difference(changed); // with force, the changed fields move to this manager
        }

        // Step 5: fields this manager applied last time but not now are removed, unless someone else still owns them
        // (or something below them, such as a field inside a list item).
        var stillOwned = others.Aggregate(appliedFields, (union, owner) => union.Union(owner.Fields));
        foreach (var path in (own?.Fields ?? new FieldSet()).Difference(appliedFields).Paths())
        {
            if (!stillOwned.ContainsAtOrBelow(path))
            {
                RemovePath(merged, schema, path, 0);
            }
        }

        // Step 6: bookkeeping. The applier's entry is replaced by what it applied now; its time moves only when
        // the object or its set of fields actually changed, so re-applying the same file leaves managedFields alone.
        var changedSomething = own is null || !own.Fields.SetEquals(appliedFields) || !JsonEquality.AreEqual(liveObject, merged);
        if (own is null)
        {
            own = new ManagerEntry(manager, ManagedFields.OperationApply, apiVersion, time: null, subresource: "", appliedFields);
            entries.Add(own);
        }

        own.Fields = appliedFields;
        own.ApiVersion = apiVersion;
        if (changedSomething)
        {
            own.Time = ManagerEntry.FormatTime(now);
        }

        ManagerEntry.WriteAll(merged, entries);
        return merged;
    }

    /// <summary>
    /// Merges an applied value into a live value (our own copy, changed in place where it is an object). Maps and
    /// structs merge member by member, keyed and set lists item by item, and everything else (scalars, atomic lists
    /// and structs) is replaced by the applied value. A null in the applied configuration unsets the field.
    /// </summary>
    private static JsonNode? Merge(JsonNode? live, JsonNode? applied, SchemaNode schema, List<PathElement> path, IgnoredFields ignored)
    {
        if (applied is JsonObject appliedMap && schema.IsGranularObject)
        {
            var result = live as JsonObject ?? [];
            foreach (var (name, appliedValue) in appliedMap)
            {
                path.Add(PathElement.Field(name));
                if (!ignored.IsServerManaged(path))
                {
                    if (appliedValue is null)
                    {
                        // Upstream difference: upstream keeps an explicit null through the merge and lets decoding drop
                        // it; the effect, the field being unset (and owned), is the same.
                        result.Remove(name);
                    }
                    else
                    {
                        result.TryGetPropertyValue(name, out var liveValue);
                        var mergedValue = Merge(liveValue, appliedValue, schema.Field(name), path, ignored);
                        if (!ReferenceEquals(mergedValue, liveValue))
                        {
                            result[name] = mergedValue;
                        }
                    }
                }

                path.RemoveAt(path.Count - 1);
            }

            return result;
        }

        if (applied is JsonArray appliedList && schema.IsGranularList)
        {
            return MergeList(live as JsonArray, appliedList, schema, path, ignored);
        }

        return applied?.DeepClone();
    }

    /// <summary>
    /// Merges a keyed (or set) list. Applied items come in the applied order, each merged with the live item of the
    /// same key; items only the live list has stay, right after the live item they followed.
    /// </summary>
    // Upstream difference: structured-merge-diff interleaves the two lists with a two-cursor walk; this gives the same
    // order when the applied items keep their live order, and a close one when the applied list reorders them.
    private static JsonArray MergeList(JsonArray? live, JsonArray applied, SchemaNode schema, List<PathElement> path, IgnoredFields ignored)
    {
        var itemSchema = schema.Item();
        var liveItems = new List<(PathElement? Element, JsonNode? Item)>();
        var liveByElement = new Dictionary<PathElement, JsonNode?>();
        for (var i = 0; i < (live?.Count ?? 0); i++)
        {
            var item = live![i];
            var named = FieldSetWalker.TryItemElement(item, schema, i, out var element, out _);
            liveItems.Add((named ? element : null, item));
            if (named)
            {
                liveByElement.TryAdd(element, item);
            }
        }

        var result = new List<JsonNode?>();
        var mergedByElement = new Dictionary<PathElement, JsonNode?>();
        for (var i = 0; i < applied.Count; i++)
        {
            // Already checked by FieldSetWalker.ToFieldSet, which rejects unnamed and duplicate items.
            FieldSetWalker.TryItemElement(applied[i], schema, i, out var element, out _);
            liveByElement.TryGetValue(element, out var liveItem);
            path.Add(element);
            var merged = Merge(liveItem?.DeepClone(), applied[i], itemSchema, path, ignored);
            path.RemoveAt(path.Count - 1);
            result.Add(merged);
            mergedByElement[element] = merged;
        }

        var insertAt = 0;
        foreach (var (element, item) in liveItems)
        {
            if (element is { } named && mergedByElement.TryGetValue(named, out var merged))
            {
                insertAt = result.IndexOf(merged) + 1; // later live-only items follow this one
                continue;
            }

            result.Insert(insertAt++, item?.DeepClone());
        }

        return new JsonArray(result.ToArray());
    }

    /// <summary>
    /// Removes the field or list item at <paramref name="path"/>. A map or list left empty by the removal is removed
    /// too, as upstream does, so dropping the last label does not leave <c>labels: {}</c> behind. Returns whether
    /// <paramref name="container"/> is now empty.
    /// </summary>
    private static bool RemovePath(JsonNode container, SchemaNode schema, IReadOnlyList<PathElement> path, int index)
    {
        var element = path[index];
        var isLast = index == path.Count - 1;
        if (element.Kind == PathElementKind.Field && container is JsonObject map)
        {
            if (!map.TryGetPropertyValue(element.Text, out var child))
            {
                return false;
            }

            if (isLast || (child is not null && RemovePath(child, schema.Field(element.Text), path, index + 1)))
            {
                map.Remove(element.Text);
                return map.Count == 0;
            }

            return false;
        }

        if (element.Kind is PathElementKind.Key or PathElementKind.Value && container is JsonArray list && schema.IsGranularList)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!FieldSetWalker.TryItemElement(list[i], schema, i, out var itemElement, out _) || itemElement != element)
                {
                    continue;
                }

                if (isLast)
                {
                    list.RemoveAt(i);
                    return list.Count == 0;
                }

                // An item that stays keeps its key fields (other managers still own something in it), and an item
                // emptied of the removed fields stays too: it is still there, named by its key.
                var isKeyField = index + 2 == path.Count && path[index + 1].Kind == PathElementKind.Field
                    && schema.List.MapKeys.Any(key => key.Name == path[index + 1].Text);
                if (!isKeyField && list[i] is { } item)
                {
                    RemovePath(item, schema.Item(), path, index + 1);
                }

                return false;
            }
        }

        return false;
    }

    /// <summary>Builds the conflict error in upstream's words (k8s.io/apimachinery's NewConflictError).</summary>
    private static ApplyConflictException ConflictError(List<(ManagerEntry Owner, IReadOnlyList<PathElement> Path)> conflicts)
    {
        var ordered = conflicts
            .OrderBy(c => c.Owner.Manager, StringComparer.Ordinal)
            .ThenBy(c => c.Owner.Operation, StringComparer.Ordinal)
            .ThenBy(c => c.Owner.Subresource, StringComparer.Ordinal)
            .ToList();

        string message;
        if (ordered.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {ordered[0].Owner.Describe()}: {PathElement.Format(ordered[0].Path)}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in ordered.GroupBy(c => c.Owner))
            {
                lines.Add($"conflicts with {group.Key.Describe()}:");
                lines.AddRange(group.Select(c => "- " + PathElement.Format(c.Path)));
            }

            message = $"Apply failed with {ordered.Count} conflicts: {string.Join("\n", lines)}";
        }

        return new ApplyConflictException(message,
            ordered.Select(c => (c.Owner.Manager, PathElement.Format(c.Path))).ToList(),
            ordered.Select(c => ($"conflict with {c.Owner.Describe()}", PathElement.Format(c.Path))).ToList());
    }
}
