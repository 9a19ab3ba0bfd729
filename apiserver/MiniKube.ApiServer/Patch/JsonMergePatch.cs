using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// JSON Merge Patch (RFC 7386, <c>application/merge-patch+json</c>): the patch looks like the object itself. Members
/// in the patch overwrite the object's, nested objects merge recursively, <c>null</c> deletes a member, and a list is
/// always replaced as a whole (there is no way to change one list item). <c>kubectl scale</c> sends
/// <c>{"spec":{"replicas":3}}</c> this way.
/// Concept: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Returns <paramref name="document"/> with <paramref name="patch"/> merged in; neither input is changed.</summary>
    public static JsonNode Apply(JsonNode document, JsonNode patch)
    {
        if (patch is null)
        {
            // RFC 7386 would turn the whole object into null, which no API object can be.
            throw PatchException.BadRequest("the merge patch is null; it must be a JSON object");
        }

        JsonInput.EnsureReadable(document, "object");
        JsonInput.EnsureReadable(patch, "patch");
        return Merge(document?.DeepClone(), patch)!;
    }

    /// <summary>
    /// The RFC's MergePatch(Target, Patch) function. <paramref name="target"/> is our own copy and is changed in place;
    /// <paramref name="patch"/> is only read.
    /// </summary>
    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone(); // a non-object patch value replaces the target outright
        }

        // Merging an object into something that is not an object starts from an empty object.
        var result = target as JsonObject ?? [];
        foreach (var (name, patchValue) in patchObject)
        {
            if (patchValue is null)
            {
                result.Remove(name); // null means "delete this member"
                continue;
            }

            result.TryGetPropertyValue(name, out var current);
            var merged = Merge(current, patchValue);
            if (!ReferenceEquals(merged, current))
            {
                result[name] = merged;
            }
        }

        return result;
    }
}
