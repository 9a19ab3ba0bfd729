using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// Checks the JSON handed to a patch engine before any work starts. System.Text.Json notices a JSON object with a
/// duplicate member name only when the object is first used, so without this check a body like
/// <c>{"a":1,"a":2}</c> would fail deep inside a merge with an ArgumentException instead of a clean 400.
/// </summary>
internal static class JsonInput
{
    public static void EnsureReadable(JsonNode? node, string what)
    {
        try
        {
            Visit(node);
        }
        catch (ArgumentException e)
        {
            throw PatchException.BadRequest($"invalid JSON in the {what}: {e.Message}", e);
        }
    }

    private static void Visit(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (_, value) in map)
                {
                    Visit(value);
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    Visit(item);
                }

                break;
        }
    }
}
