using System.Text.Json.Nodes;
using Xunit;

namespace MiniKube.ApiServer.Tests.Patch;

/// <summary>Compares JSON by value (member order ignored) and shows both documents when they differ.</summary>
internal static class JsonAssert
{
    public static void Equal(string expectedJson, JsonNode? actual) => Equal(JsonNode.Parse(expectedJson), actual);

    public static void Equal(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"JSON differs.\nexpected: {expected?.ToJsonString() ?? "null"}\nactual:   {actual?.ToJsonString() ?? "null"}");

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();
}
