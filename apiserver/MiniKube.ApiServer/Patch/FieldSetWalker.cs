using System.Text.Json.Nodes;
using k8s.Models;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// Turns objects into field sets, walking the JSON and its <see cref="SchemaNode"/> together. Two walks, after
/// structured-merge-diff's two walkers:
/// <list type="bullet">
/// <item><see cref="ToFieldSet"/>: the fields an applied configuration sets; an Apply manager owns exactly these.</item>
/// <item><see cref="Compare"/>: what a write added, modified and removed; an Update manager gains what it changed.</item>
/// </list>
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
/// </summary>
internal static class FieldSetWalker
{
    /// <summary>
    /// The fields <paramref name="applied"/> sets. Leaves (scalars, atomic lists and structs, empty maps, nulls),
    /// map entries and list items are members; a struct with content is not, only what is inside it. So
    /// <c>{"spec":{"replicas":2}}</c> owns <c>.spec.replicas</c> but not <c>.spec</c>.
    /// Throws <see cref="PatchException"/> (BadRequest) for a keyed list item without its key, or duplicate keys.
    /// </summary>
    public static FieldSet ToFieldSet(JsonObject applied, SchemaNode schema, IgnoredFields ignored)
    {
        var set = new FieldSet();
        WalkApplied(applied, schema, [], set, ignored);
        return set;
    }

    /// <summary>
    /// What changed from <paramref name="oldObject"/> (null: the object is being created) to <paramref name="newObject"/>.
    /// </summary>
    public static Comparison Compare(JsonObject? oldObject, JsonObject newObject, SchemaNode schema, IgnoredFields ignored)
    {
        var comparison = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        WalkCompare(oldObject ?? [], true, newObject, true, schema, [], countsWhenAdded: false, comparison, ignored);
        return comparison;
    }

    /// <summary>
    /// The path step that names <paramref name="item"/> inside a list with listType map or set, or an error text
    /// (in upstream's words) when the item cannot be named: a map-list item that is not an object or lacks a key field
    /// that has no default.
    /// </summary>
    public static bool TryItemElement(JsonNode? item, SchemaNode listSchema, int index, out PathElement element, out string error)
    {
        element = default;
        error = "";
        if (listSchema.List.ListType == ListType.Set)
        {
            element = PathElement.Value(item);
            return true;
        }

        if (item is not JsonObject itemObject)
        {
            error = $"element {index}: associative list with keys may not have non-map elements";
            return false;
        }

        var keyFields = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var key in listSchema.List.MapKeys)
        {
            if (itemObject.TryGetPropertyValue(key.Name, out var value) && value is not null)
            {
                keyFields.Add(new(key.Name, value));
            }
            else if (key.Default is not null)
            {
                keyFields.Add(new(key.Name, JsonValue.Create(key.Default)));
            }
            else
            {
                error = $"element {index}: associative list with keys has an element that omits key field \"{key.Name}\" (and doesn't have default value)";
                return false;
            }
        }

        element = PathElement.Key(keyFields);
        return true;
    }

    private static void WalkApplied(JsonNode? value, SchemaNode schema, List<PathElement> path, FieldSet set, IgnoredFields ignored)
    {
        if (value is JsonObject map && schema.IsGranularObject)
        {
            foreach (var (name, child) in map)
            {
                path.Add(PathElement.Field(name));
                if (!ignored.IsIgnored(path))
                {
                    WalkApplied(child, schema.Field(name), path, set, ignored);

                    // A struct's field is owned through what it contains; a map entry (a label), a null or an empty
                    // object is owned itself.
                    if (child is null || child is JsonObject { Count: 0 } || !schema.DeclaresField(name))
                    {
                        set.Insert(path);
                    }
                }

                path.RemoveAt(path.Count - 1);
            }

            return;
        }

        if (value is JsonArray list && schema.IsGranularList)
        {
            var seen = new HashSet<PathElement>();
            var itemSchema = schema.Item();
            for (var i = 0; i < list.Count; i++)
            {
                if (!TryItemElement(list[i], schema, i, out var element, out var error))
                {
                    throw PatchException.BadRequest($"failed to create typed patch object: {PathElement.Format(path)}: {error}");
                }

                if (!seen.Add(element))
                {
                    throw PatchException.BadRequest(
                        $"failed to create typed patch object: {PathElement.Format(path)}: duplicate entries for key {element}");
                }

                path.Add(element);
                WalkApplied(list[i], itemSchema, path, set, ignored);
                set.Insert(path); // a list item is always owned itself, besides the fields inside it
                path.RemoveAt(path.Count - 1);
            }

            return;
        }

        // A scalar, an atomic struct or list, or a value whose JSON kind does not fit the schema: one leaf.
        if (path.Count > 0)
        {
            set.Insert(path);
        }
    }

    /// <summary>
    /// Compares one place in the two objects. <paramref name="countsWhenAdded"/> says whether this node, if new, is
    /// itself a changed field (see <see cref="CountsWhenAdded"/>).
    /// </summary>
    private static void WalkCompare(JsonNode? oldValue, bool oldPresent, JsonNode? newValue, bool newPresent, SchemaNode schema,
        List<PathElement> path, bool countsWhenAdded, Comparison comparison, IgnoredFields ignored)
    {
        var added = !oldPresent;
        var removed = !newPresent;

        // Step 1: objects the schema lets us look inside (on every side where the value is present).
        if (schema.IsGranularObject && (!oldPresent || oldValue is JsonObject) && (!newPresent || newValue is JsonObject))
        {
            var oldMap = oldValue as JsonObject;
            var newMap = newValue as JsonObject;
            if ((oldMap?.Count ?? 0) > 0 || (newMap?.Count ?? 0) > 0)
            {
                MarkContainer(path, added && countsWhenAdded, removed, comparison);
                var names = (newMap?.Select(m => m.Key) ?? []).Concat(oldMap?.Select(m => m.Key) ?? []).Distinct(StringComparer.Ordinal).ToList();
                foreach (var name in names)
                {
                    path.Add(PathElement.Field(name));
                    if (!ignored.IsIgnored(path))
                    {
                        // A member set to null counts as absent: in the Go types both decode to the zero value, so
                        // upstream never sees a difference (creationTimestamp: null in kubectl's create body).
                        JsonNode? oldChild = null, newChild = null;
                        var oldHas = (oldMap?.TryGetPropertyValue(name, out oldChild) ?? false) && oldChild is not null;
                        var newHas = (newMap?.TryGetPropertyValue(name, out newChild) ?? false) && newChild is not null;
                        var childSchema = schema.Field(name);
                        if (oldHas || newHas)
                        {
                            WalkCompare(oldChild, oldHas, newChild, newHas, childSchema, path,
                                CountsWhenAdded(schema, name, childSchema, parentIsAddedMember: added && countsWhenAdded),
                                comparison, ignored);
                        }
                    }

                    path.RemoveAt(path.Count - 1);
                }

                return;
            }

            // Both sides empty: fall through and treat "{}" as a leaf, so an added empty map is still recorded.
        }

        // Step 2: lists whose items can be told apart by key or value.
        if (schema.IsGranularList && (!oldPresent || oldValue is JsonArray) && (!newPresent || newValue is JsonArray)
            && TryIndexItems(oldValue as JsonArray, schema, out var oldItems) && TryIndexItems(newValue as JsonArray, schema, out var newItems)
            && (oldItems.Count > 0 || newItems.Count > 0))
        {
            MarkContainer(path, added && countsWhenAdded, removed, comparison);
            var itemSchema = schema.Item();
            foreach (var element in newItems.Keys.Concat(oldItems.Keys).Distinct())
            {
                var oldHas = oldItems.TryGetValue(element, out var oldItem);
                var newHas = newItems.TryGetValue(element, out var newItem);
                path.Add(element);
                WalkCompare(oldItem, oldHas, newItem, newHas, itemSchema, path, countsWhenAdded: true, comparison, ignored);
                path.RemoveAt(path.Count - 1);
            }

            return;
        }

        // Step 3: a leaf (scalar, atomic value, empty object, or a value that changed kind).
        if (path.Count == 0)
        {
            return;
        }

        if (added)
        {
            if (countsWhenAdded)
            {
                comparison.Added.Insert(path);
            }
        }
        else if (removed)
        {
            comparison.Removed.Insert(path);
        }
        else if (!JsonEquality.AreEqual(oldValue, newValue))
        {
            comparison.Modified.Insert(path);
        }
    }

    private static void MarkContainer(List<PathElement> path, bool addedMember, bool removed, Comparison comparison)
    {
        if (path.Count == 0)
        {
            return; // the object itself is never a field
        }

        if (addedMember)
        {
            comparison.Added.Insert(path);
        }
        else if (removed)
        {
            comparison.Removed.Insert(path);
        }
    }

    /// <summary>
    /// Whether a newly present field counts as added in its own right (besides what is inside it). Upstream compares
    /// against the Go object, where a non-pointer struct such as <c>spec</c> or <c>spec.template</c> always exists,
    /// even empty, and so is never "added"; a map such as <c>labels</c> or a new list is. We have no Go zero values,
    /// so we say: a struct-typed field counts only when its parent was itself added (a struct inside a new container
    /// counts: <c>k:{"name":"main"}</c> → <c>f:resources</c>); everything else counts.
    /// Upstream difference: pointer structs under a struct that already existed (spec.strategy.rollingUpdate,
    /// spec.template.spec.securityContext) are members upstream ("." in fieldsV1) but not here.
    /// </summary>
    private static bool CountsWhenAdded(SchemaNode parent, string name, SchemaNode child, bool parentIsAddedMember)
    {
        if (parentIsAddedMember)
        {
            return true;
        }

        if (child.IsGranularStruct)
        {
            return false;
        }

        // PodSpec.containers is the one common list Go always serializes (its json tag lacks omitempty), so upstream
        // never sees it "added" and writes f:containers without ".".
        return !(parent.ClrType == typeof(V1PodSpec) && name == "containers");
    }

    /// <summary>Indexes a list's items by their path step; false if any item cannot be named or two share a name.</summary>
    private static bool TryIndexItems(JsonArray? list, SchemaNode schema, out Dictionary<PathElement, JsonNode?> items)
    {
        items = [];
        if (list is null)
        {
            return true;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (!TryItemElement(list[i], schema, i, out var element, out _) || !items.TryAdd(element, list[i]))
            {
                return false; // compare it as one atomic value instead
            }
        }

        return true;
    }
}

/// <summary>The result of <see cref="FieldSetWalker.Compare"/>: which fields a write added, modified and removed.</summary>
internal sealed record Comparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    /// <summary>The fields whose value this write set: added or modified.</summary>
    public FieldSet Changed => Added.Union(Modified);

    public bool IsEmpty => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;
}
