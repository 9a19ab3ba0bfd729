using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>), Kubernetes' own patch format, sent by
/// <c>kubectl apply</c> (client-side) and <c>kubectl set image</c>. It reads like a JSON merge patch, but lists that
/// have a merge key (containers by "name", env by "name", ports by "containerPort"...) are merged item by item
/// instead of replaced, and a few "$" directives give finer control:
/// <list type="bullet">
/// <item><c>"$patch": "replace" | "delete" | "merge"</c> on a map or on a list item;</item>
/// <item><c>"$setElementOrder/containers": [{"name": "a"}, ...]</c>: the order the merged list should have;</item>
/// <item><c>"$deleteFromPrimitiveList/finalizers": ["x"]</c>: remove values from a merged list of strings;</item>
/// <item><c>"$retainKeys": ["type"]</c>: drop every other member of this map (how a Deployment switches strategy).</item>
/// </list>
/// Directives are consumed here and never reach the stored object.
/// Concept: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/#use-a-strategic-merge-patch-to-update-a-deployment
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>
    /// Applies <paramref name="patch"/> to a copy of <paramref name="document"/>. <paramref name="modelType"/> is the
    /// KubernetesClient class of the document (<c>typeof(V1Deployment)</c>); it tells which lists merge by which key.
    /// </summary>
    // Upstream difference: the real apiserver refuses strategic merge patches for custom resources (415), because they
    // have no Go struct tags; we accept them and treat every list the type does not describe as atomic (replaced).
    public static JsonNode Apply(JsonNode document, JsonNode patch, Type modelType)
    {
        if (patch is not JsonObject patchObject)
        {
            // Upstream decodes the body into a Go map first; anything but a JSON object fails right there.
            throw PatchException.BadRequest(
                $"json: cannot unmarshal {JsonEquality.KindName(patch)} into Go value of type map[string]interface {{}}");
        }

        if (document is not JsonObject original)
        {
            throw PatchException.BadRequest("invalid JSON document");
        }

        if (modelType is null)
        {
            throw PatchException.BadRequest("strategic merge patch needs the object's type to find list merge keys");
        }

        JsonInput.EnsureReadable(original, "object");
        JsonInput.EnsureReadable(patchObject, "patch");
        var result = (JsonObject)original.DeepClone();

        // "$patch": "delete" at the top deletes everything; what is left is an empty object.
        return MergeMap(result, patchObject, SchemaNode.ForRoot(modelType)) ?? [];
    }

    /// <summary>
    /// Merges <paramref name="patch"/> into <paramref name="original"/>, which is our own copy and is changed in place.
    /// Returns the merged map, a new map (for "$patch": "replace"), or null when the patch deletes the map.
    /// </summary>
    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, SchemaNode schema)
    {
        // Step 1: a "$patch" directive on the map itself.
        switch (ReadPatchDirective(patch))
        {
            case "delete":
                return null;
            case "replace":
                // The patch (minus its directives) becomes the whole map: start from nothing.
                original = [];
                break;
        }

        // Step 2: "$retainKeys": members not listed are cleared. kubectl sends it for fields with patchStrategy
        // "retainKeys", e.g. {"strategy":{"$retainKeys":["type"],"type":"Recreate"}} drops strategy.rollingUpdate.
        // Upstream difference: upstream honours $retainKeys only on fields tagged with the retainKeys strategy
        // (volumes, deployment strategy...); we honour it wherever it appears.
        if (patch.TryGetPropertyValue(RetainKeysDirective, out var retainNode))
        {
            RetainKeys(original, patch, retainNode);
        }

        // Step 3: "$deleteFromPrimitiveList/<list>": values to remove from a merged list of scalars.
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                var listName = name[DeleteFromPrimitiveListPrefix.Length..];
                if (value is not JsonArray toDelete)
                {
                    throw PatchException.BadRequest("invalid patch format of primitive list");
                }

                if (original[listName] is JsonArray list)
                {
                    RemoveValues(list, toDelete);
                }
            }
        }

        // Step 4: the ordinary members, like a JSON merge patch except for lists with a merge strategy.
        foreach (var (name, patchValue) in patch)
        {
            if (IsDirective(name))
            {
                continue;
            }

            if (patchValue is null)
            {
                original.Remove(name); // null deletes the member, as in a JSON merge patch
                continue;
            }

            var fieldSchema = schema.Field(name);
            original.TryGetPropertyValue(name, out var originalValue);
            JsonNode? merged = patchValue switch
            {
                JsonObject patchMap => MergeMap(originalValue as JsonObject ?? [], patchMap, fieldSchema),
                JsonArray patchList => MergeList(originalValue as JsonArray, patchList, fieldSchema, patch[SetElementOrderPrefix + name]),
                _ => patchValue.DeepClone(),
            };
            SetMember(original, name, merged);
        }

        // Step 5: "$setElementOrder/<list>" for a list the patch does not otherwise touch: only reorder it.
        foreach (var (name, order) in patch)
        {
            if (name.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                var listName = name[SetElementOrderPrefix.Length..];
                if (!patch.ContainsKey(listName) && original[listName] is JsonArray list)
                {
                    SetMember(original, listName, MergeList(list, [], schema.Field(listName), order));
                }
            }
        }

        return original;
    }

    /// <summary>
    /// Merges a patch list into the original list according to the field's strategy: by merge key, as a set of
    /// scalars, or (the default) by replacing the whole list.
    /// </summary>
    private static JsonArray MergeList(JsonArray? original, JsonArray patch, SchemaNode schema, JsonNode? order)
    {
        var strategy = schema.Shape == ValueShape.List ? schema.List : ListStrategy.Atomic;
        var itemSchema = schema.Item();
        if (strategy.PatchMerge && strategy.PatchMergeKey is { } mergeKey && itemSchema.Shape != ValueShape.Scalar)
        {
            return MergeKeyedList(original ?? [], patch, mergeKey, itemSchema, order);
        }

        if (strategy.PatchMerge && itemSchema.Shape == ValueShape.Scalar)
        {
            return MergePrimitiveList(original ?? [], patch, order);
        }

        // No merge strategy: the patch list replaces the original (copied, with any directives stripped).
        var replacement = new JsonArray();
        foreach (var item in patch)
        {
            if (item is JsonObject itemObject)
            {
                if (MergeMap([], itemObject, itemSchema) is { } cleaned)
                {
                    replacement.Add(cleaned);
                }
            }
            else
            {
                replacement.Add(item?.DeepClone());
            }
        }

        return replacement;
    }

    /// <summary>
    /// A list of objects merged by <paramref name="mergeKey"/>: a patch item with a known key is merged into that
    /// item, an unknown key is appended, <c>"$patch": "delete"</c> removes the item, and an item
    /// <c>{"$patch": "replace"}</c> makes the patch list replace the whole list.
    /// </summary>
    private static JsonArray MergeKeyedList(JsonArray original, JsonArray patch, string mergeKey, SchemaNode itemSchema, JsonNode? order)
    {
        if (patch.Any(item => item is JsonObject o && ReadPatchDirective(o) == "replace"))
        {
            var replacement = new JsonArray();
            foreach (var item in patch)
            {
                if (item is JsonObject itemObject && ReadPatchDirective(itemObject) != "replace"
                    && MergeMap([], itemObject, itemSchema) is { } cleaned)
                {
                    replacement.Add(cleaned);
                }
            }

            return replacement;
        }

        // Remember the server's order before merging: $setElementOrder interleaves server-only items by it.
        var serverOrder = original.Select(item => KeyOf(item, mergeKey)).ToList();

        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                throw PatchException.Invalid($"expected a map, but received a {JsonEquality.KindName(item)}");
            }

            // Upstream difference: upstream answers this error (and an unknown "$patch" value) with 500 InternalError,
            // since it does not classify them; we answer 422 Invalid, which tells the user the patch is at fault.
            if (!patchItem.TryGetPropertyValue(mergeKey, out var key) || key is null)
            {
                throw PatchException.Invalid($"map: {patchItem.ToJsonString()} does not contain declared merge key: {mergeKey}");
            }

            var index = IndexOfKey(original, mergeKey, key);
            if (ReadPatchDirective(patchItem) == "delete")
            {
                // Remove every item with this key (a malformed list may hold duplicates).
                for (; index >= 0; index = IndexOfKey(original, mergeKey, key))
                {
                    original.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                var merged = MergeMap((JsonObject)original[index]!, patchItem, itemSchema);
                if (merged is null)
                {
                    original.RemoveAt(index);
                }
                else if (!ReferenceEquals(merged, original[index]))
                {
                    original[index] = merged;
                }
            }
            else if (MergeMap([], patchItem, itemSchema) is { } added)
            {
                original.Add(added); // new items go at the end unless $setElementOrder says otherwise
            }
        }

        return order is null ? original : Reorder(original, serverOrder, ReadOrder(order, mergeKey), item => KeyOf(item, mergeKey));
    }

    /// <summary>A list of scalars with patchStrategy "merge" (finalizers): the patch's values are added if missing.</summary>
    private static JsonArray MergePrimitiveList(JsonArray original, JsonArray patch, JsonNode? order)
    {
        var serverOrder = original.ToList();
        foreach (var value in patch)
        {
            if (value is JsonObject or JsonArray)
            {
                throw PatchException.BadRequest("invalid patch format of primitive list");
            }

            if (!original.Any(existing => JsonEquality.AreEqual(existing, value)))
            {
                original.Add(value?.DeepClone());
            }
        }

        return order is null ? original : Reorder(original, serverOrder, ReadOrder(order, mergeKey: null), item => item);
    }

    /// <summary>
    /// Puts a merged list in the order "$setElementOrder" asks for. Items named in that order come in that order;
    /// items only the server had (the patch did not mention them) are slotted in between, keeping their place relative
    /// to the others as it was on the server. When the server order cannot decide (a new item), the patch's item goes first.
    /// </summary>
    // Upstream difference: upstream also checks that the patch list's own items come in the $setElementOrder order and
    // rejects the patch if not; we simply apply the requested order.
    private static JsonArray Reorder(JsonArray merged, List<JsonNode?> serverOrder, List<JsonNode?> wantedOrder, Func<JsonNode?, JsonNode?> keyOf)
    {
        static int IndexIn(List<JsonNode?> keys, JsonNode? key) => keys.FindIndex(k => JsonEquality.AreEqual(k, key));

        var items = merged.ToList();
        merged.Clear(); // detach the items so they can move to the new list

        var fromPatch = items.Where(item => IndexIn(wantedOrder, keyOf(item)) >= 0)
            .OrderBy(item => IndexIn(wantedOrder, keyOf(item)))
            .ToList();
        var serverOnly = items.Where(item => IndexIn(wantedOrder, keyOf(item)) < 0).ToList();

        var result = new JsonArray();
        int s = 0, p = 0;
        while (s < serverOnly.Count || p < fromPatch.Count)
        {
            bool takeServerItem;
            if (s >= serverOnly.Count)
            {
                takeServerItem = false;
            }
            else if (p >= fromPatch.Count)
            {
                takeServerItem = true;
            }
            else
            {
                var serverIndex = IndexIn(serverOrder, keyOf(serverOnly[s]));
                var patchIndex = IndexIn(serverOrder, keyOf(fromPatch[p]));
                takeServerItem = serverIndex >= 0 && patchIndex >= 0 && serverIndex < patchIndex;
            }

            result.Add(takeServerItem ? serverOnly[s++] : fromPatch[p++]);
        }

        return result;
    }

    /// <summary>Reads a "$setElementOrder" list: merge-key objects (<c>{"name":"a"}</c>) or, for scalars, the values.</summary>
    private static List<JsonNode?> ReadOrder(JsonNode order, string? mergeKey)
    {
        if (order is not JsonArray entries)
        {
            throw PatchException.BadRequest("invalid patch format of setElementOrder list");
        }

        return entries.Select(entry => mergeKey is null
                ? entry
                : entry is JsonObject keyObject && keyObject.TryGetPropertyValue(mergeKey, out var key)
                    ? key
                    : throw PatchException.BadRequest("invalid patch format of setElementOrder list"))
            .ToList();
    }

    private static void RetainKeys(JsonObject original, JsonObject patch, JsonNode? retainNode)
    {
        if (retainNode is not JsonArray retainList || retainList.Any(k => k is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            throw PatchException.BadRequest("invalid patch format of retainKeys");
        }

        var retained = retainList.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        // Every member the patch sets must be in the retain list, or the patch contradicts itself.
        if (patch.Any(member => !IsDirective(member.Key) && member.Value is not null && !retained.Contains(member.Key)))
        {
            throw PatchException.Invalid("patch content doesn't match retainKeys list");
        }

        foreach (var name in original.Select(member => member.Key).Where(name => !retained.Contains(name)).ToList())
        {
            original.Remove(name);
        }
    }

    private static void RemoveValues(JsonArray list, JsonArray toDelete)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (toDelete.Any(value => JsonEquality.AreEqual(value, list[i])))
            {
                list.RemoveAt(i);
            }
        }
    }

    /// <summary>Reads "$patch" from a map: "replace", "delete", "merge" (the default) or nothing.</summary>
    private static string? ReadPatchDirective(JsonObject map)
    {
        if (!map.TryGetPropertyValue(PatchDirective, out var node))
        {
            return null;
        }

        var directive = node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return directive switch
        {
            "replace" or "delete" or "merge" => directive,
            _ => throw PatchException.Invalid($"Unknown patch type: {node?.ToJsonString() ?? "null"} in map: {map.ToJsonString()}"),
        };
    }

    /// <summary>
    /// Only these exact names and prefixes are directives. Other "$" names are real data: a CRD schema has "$ref".
    /// </summary>
    private static bool IsDirective(string name) =>
        name == PatchDirective || name == RetainKeysDirective
        || name.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)
        || name.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal);

    private static JsonNode? KeyOf(JsonNode? item, string mergeKey) => item is JsonObject o ? o[mergeKey] : null;

    private static int IndexOfKey(JsonArray list, string mergeKey, JsonNode key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && item.TryGetPropertyValue(mergeKey, out var itemKey) && JsonEquality.AreEqual(itemKey, key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Sets or (for null) removes a member; a value that is already that member is left where it is.</summary>
    private static void SetMember(JsonObject map, string name, JsonNode? value)
    {
        if (value is null)
        {
            map.Remove(name);
        }
        else if (!map.TryGetPropertyValue(name, out var current) || !ReferenceEquals(current, value))
        {
            map[name] = value;
        }
    }
}
