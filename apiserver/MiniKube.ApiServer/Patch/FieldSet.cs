using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// A set of field paths, stored as a tree: the fields one manager owns, or the fields one write changed. It reads and
/// writes the FieldsV1 format of <c>metadata.managedFields[].fieldsV1</c>, where each path step is a key, a path that
/// is itself in the set has an empty object (<c>"f:image": {}</c>), and a path that is in the set and also has
/// children in it carries a <c>".": {}</c> member (a list item a manager added, together with fields inside it).
/// Concept: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
/// </summary>
internal sealed class FieldSet
{
    private readonly SortedDictionary<PathElement, FieldSet> _children = new(PathElement.Order);

    /// <summary>True when the path leading to this node is itself in the set (not just some path below it).</summary>
    public bool IsMember { get; private set; }

    public bool IsEmpty => !IsMember && _children.Count == 0;

    public void Insert(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                node._children.Add(element, child);
            }

            node = child;
        }

        node.IsMember = true;
    }

    /// <summary>True when <paramref name="path"/> or any path below it is in the set.</summary>
    public bool ContainsAtOrBelow(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out node))
            {
                return false;
            }
        }

        return !node.IsEmpty;
    }

    public FieldSet Union(FieldSet other)
    {
        var result = Clone();
        result.AddAll(other);
        return result;
    }

    /// <summary>The paths in this set that are not in <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember && !other.IsMember };
        foreach (var (element, child) in _children)
        {
            var remaining = other._children.TryGetValue(element, out var otherChild) ? child.Difference(otherChild) : child.Clone();
            if (!remaining.IsEmpty)
            {
                result._children.Add(element, remaining);
            }
        }

        return result;
    }

    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember && other.IsMember };
        foreach (var (element, child) in _children)
        {
            if (other._children.TryGetValue(element, out var otherChild))
            {
                var common = child.Intersection(otherChild);
                if (!common.IsEmpty)
                {
                    result._children.Add(element, common);
                }
            }
        }

        return result;
    }

    /// <summary>Every path in the set, parents before children, siblings in upstream's sort order.</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Paths()
    {
        var prefix = new List<PathElement>();
        return Walk(this, prefix);

        static IEnumerable<IReadOnlyList<PathElement>> Walk(FieldSet node, List<PathElement> prefix)
        {
            if (node.IsMember)
            {
                yield return prefix.ToArray();
            }

            foreach (var (element, child) in node._children)
            {
                prefix.Add(element);
                foreach (var path in Walk(child, prefix))
                {
                    yield return path;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    /// <summary>The set in FieldsV1 form, e.g. <c>{"f:spec":{"f:replicas":{}}}</c>.</summary>
    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (IsMember && _children.Count > 0)
        {
            result["."] = new JsonObject();
        }

        foreach (var (element, child) in _children)
        {
            result[element.Serialize()] = child.ToFieldsV1();
        }

        return result;
    }

    /// <summary>Reads FieldsV1. Keys we cannot parse are skipped rather than failing the whole write.</summary>
    public static FieldSet FromFieldsV1(JsonNode? fieldsV1)
    {
        var result = new FieldSet();
        if (fieldsV1 is not JsonObject members)
        {
            return result;
        }

        foreach (var (key, value) in members)
        {
            if (key == ".")
            {
                result.IsMember = true;
            }
            else if (PathElement.TryParse(key, out var element))
            {
                var child = FromFieldsV1(value);
                if (child._children.Count == 0)
                {
                    child.IsMember = true; // "f:image": {} — a leaf is always a member
                }

                result._children[element] = child;
            }
        }

        return result;
    }

    public bool SetEquals(FieldSet other) => ToFieldsV1().ToJsonString() == other.ToFieldsV1().ToJsonString();

    public FieldSet Clone()
    {
        var result = new FieldSet();
        result.AddAll(this);
        return result;
    }

    private void AddAll(FieldSet other)
    {
        IsMember |= other.IsMember;
        foreach (var (element, otherChild) in other._children)
        {
            if (!_children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                _children.Add(element, child);
            }

            child.AddAll(otherChild);
        }
    }
}
