using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// JSON Patch (RFC 6902, <c>application/json-patch+json</c>): a list of operations (add, remove, replace, move,
/// copy, test), each aimed at a JSON Pointer. Operations run in order and the patch is all-or-nothing: if one fails,
/// nothing is changed. <c>kubectl rollout undo</c> sends this kind of patch to put an old pod template back.
/// Concept: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
/// </summary>
// Upstream difference: the error texts follow the JSON-patch library the real apiserver uses (evanphx/json-patch),
// whose exact wording differs between its versions; the status codes (400 malformed, 422 not applicable) match.
public static class JsonPatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> (a JSON array of operations) to a copy of <paramref name="document"/>.
    /// Throws <see cref="PatchException"/>: BadRequest when the patch is not an array of operations, Invalid when an
    /// operation cannot be applied (a missing path, a failed "test").
    /// </summary>
    public static JsonNode Apply(JsonNode document, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            // The real apiserver decodes the body into a list of operations first; this is Go's decode error.
            throw PatchException.BadRequest(
                $"json: cannot unmarshal {GoKind(patch)} into Go value of type jsonpatch.Patch");
        }

        JsonInput.EnsureReadable(document, "object");
        JsonInput.EnsureReadable(patch, "patch");

        // Work on a copy: the caller's document stays untouched, and a failing operation leaves no half-applied result.
        var root = document?.DeepClone();
        foreach (var operationNode in operations)
        {
            if (operationNode is not JsonObject operation)
            {
                throw PatchException.BadRequest(
                    $"json: cannot unmarshal {GoKind(operationNode)} into Go value of type jsonpatch.Operation");
            }

            root = ApplyOperation(root, operation);
        }

        return root ?? throw PatchException.Invalid("the patch replaced the whole object with null");
    }

    private static JsonNode? ApplyOperation(JsonNode? root, JsonObject operation)
    {
        var op = ReadString(operation, "op") ?? "unknown";
        switch (op)
        {
            case "add":
                return Add(root, RequiredPointer(operation, "path", op), RequiredValue(operation, op), op);

            case "remove":
                return Remove(root, RequiredPointer(operation, "path", op), out _);

            case "replace":
            {
                var path = RequiredPointer(operation, "path", op);
                var value = RequiredValue(operation, op);
                if (path.IsRoot)
                {
                    return value;
                }

                if (!TryGet(root, path, out _))
                {
                    throw PatchException.Invalid(
                        $"replace operation does not apply: doc is missing key: {path.Text}: missing value");
                }

                root = Remove(root, path, out _);
                return Add(root, path, value, op);
            }

            case "move":
            {
                var from = RequiredPointer(operation, "from", op);
                var path = RequiredPointer(operation, "path", op);
                if (!TryGet(root, from, out _))
                {
                    throw PatchException.Invalid(
                        $"move operation does not apply: doc is missing from path: {from.Text}: missing value");
                }

                if (path.Text == from.Text)
                {
                    return root; // moving a value onto itself changes nothing
                }

                if (path.IsSameOrInside(from))
                {
                    // RFC 6902 section 4.4: a value cannot be moved into one of its own children.
                    throw PatchException.Invalid(
                        $"move operation does not apply: \"from\" {from.Text} is a prefix of \"path\" {path.Text}");
                }

                root = Remove(root, from, out var moved);
                return Add(root, path, moved, op);
            }

            case "copy":
            {
                var from = RequiredPointer(operation, "from", op);
                var path = RequiredPointer(operation, "path", op);
                if (!TryGet(root, from, out var source))
                {
                    throw PatchException.Invalid(
                        $"copy operation does not apply: doc is missing from path: {from.Text}: missing value");
                }

                return Add(root, path, source?.DeepClone(), op);
            }

            case "test":
            {
                var path = RequiredPointer(operation, "path", op);
                var expected = RequiredValue(operation, op);
                if (!TryGet(root, path, out var actual) || !JsonEquality.AreEqual(actual, expected))
                {
                    throw PatchException.Invalid($"testing value {path.Text} failed: test failed");
                }

                return root;
            }

            default:
                throw PatchException.Invalid($"Unexpected kind: {op}");
        }
    }

    /// <summary>RFC 6902 "add": set an object member (replacing it if present), or insert into an array ("-" appends).</summary>
    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value, string op)
    {
        if (path.IsRoot)
        {
            return value; // adding at "" replaces the whole document
        }

        var parentTokens = path.Tokens.Take(path.Tokens.Count - 1).ToList();
        var last = path.Tokens[^1];
        if (!TryGet(root, parentTokens, out var parent) || parent is null)
        {
            throw PatchException.Invalid(
                $"{op} operation does not apply: doc is missing path: \"{path.Text}\": missing value");
        }

        switch (parent)
        {
            case JsonObject parentObject:
                parentObject[last] = value;
                return root;

            case JsonArray parentArray:
                if (last == "-")
                {
                    parentArray.Add(value);
                    return root;
                }

                if (!JsonPointer.TryParseIndex(last, out var index) || index > parentArray.Count)
                {
                    throw PatchException.Invalid($"Unable to access invalid index: {last}: invalid index referenced");
                }

                parentArray.Insert(index, value);
                return root;

            default:
                throw PatchException.Invalid(
                    $"{op} operation does not apply: doc is missing path: \"{path.Text}\": missing value");
        }
    }

    /// <summary>RFC 6902 "remove": the target must exist. The removed value is handed back for "move".</summary>
    private static JsonNode? Remove(JsonNode? root, JsonPointer path, out JsonNode? removed)
    {
        if (path.IsRoot)
        {
            throw PatchException.Invalid("Unable to remove the whole document: missing value");
        }

        var parentTokens = path.Tokens.Take(path.Tokens.Count - 1).ToList();
        var last = path.Tokens[^1];
        TryGet(root, parentTokens, out var parent);
        switch (parent)
        {
            case JsonObject parentObject when parentObject.TryGetPropertyValue(last, out removed):
                parentObject.Remove(last);
                return root;

            case JsonArray parentArray:
                if (!JsonPointer.TryParseIndex(last, out var index) || index >= parentArray.Count)
                {
                    throw PatchException.Invalid($"Unable to access invalid index: {last}: invalid index referenced");
                }

                removed = parentArray[index];
                parentArray.RemoveAt(index);
                return root;

            default:
                throw PatchException.Invalid($"Unable to remove nonexistent key: {last}: missing value");
        }
    }

    private static bool TryGet(JsonNode? root, JsonPointer pointer, out JsonNode? value) =>
        TryGet(root, pointer.Tokens, out value);

    /// <summary>Follows the tokens from the root. A member whose value is JSON null exists (value is then null).</summary>
    private static bool TryGet(JsonNode? root, IReadOnlyList<string> tokens, out JsonNode? value)
    {
        value = root;
        foreach (var token in tokens)
        {
            switch (value)
            {
                case JsonObject container when container.TryGetPropertyValue(token, out var child):
                    value = child;
                    break;
                case JsonArray array when JsonPointer.TryParseIndex(token, out var index) && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    private static JsonPointer RequiredPointer(JsonObject operation, string member, string op)
    {
        var text = ReadString(operation, member)
            ?? throw PatchException.Invalid($"{op} operation missing \"{member}\" field");
        return JsonPointer.Parse(text);
    }

    /// <summary>"value" is required for add, replace and test; JSON null is a legal value.</summary>
    private static JsonNode? RequiredValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw PatchException.Invalid($"{op} operation missing \"value\" field");

    private static string? ReadString(JsonObject operation, string member) =>
        operation.TryGetPropertyValue(member, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    private static string GoKind(JsonNode? node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        null => "null",
        _ => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            _ => "bool",
        },
    };
}
