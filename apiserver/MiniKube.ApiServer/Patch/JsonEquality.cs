using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// Deep equality of JSON values as the patch engines need it: objects compare by members whatever their order, and
/// numbers by value, so 1 equals 1.0 (RFC 6902's "test" operation requires this).
/// </summary>
internal static class JsonEquality
{
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        var kind = left.GetValueKind();
        if (kind != right.GetValueKind())
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Object:
                var leftObject = left.AsObject();
                var rightObject = right.AsObject();
                if (leftObject.Count != rightObject.Count)
                {
                    return false;
                }

                foreach (var (name, value) in leftObject)
                {
                    if (!rightObject.TryGetPropertyValue(name, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;

            case JsonValueKind.Array:
                var leftArray = left.AsArray();
                var rightArray = right.AsArray();
                if (leftArray.Count != rightArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftArray.Count; i++)
                {
                    if (!AreEqual(leftArray[i], rightArray[i]))
                    {
                        return false;
                    }
                }

                return true;

            case JsonValueKind.String:
                return left.GetValue<string>() == right.GetValue<string>();

            case JsonValueKind.Number:
                // Compare the numbers' values, not their spelling: "1" and "1.0" are the same number.
                var leftText = left.ToJsonString();
                var rightText = right.ToJsonString();
                if (decimal.TryParse(leftText, NumberStyles.Float, CultureInfo.InvariantCulture, out var leftDecimal)
                    && decimal.TryParse(rightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rightDecimal))
                {
                    return leftDecimal == rightDecimal;
                }

                return double.Parse(leftText, CultureInfo.InvariantCulture) == double.Parse(rightText, CultureInfo.InvariantCulture);

            default:
                // true, false and null: the kind is the whole value.
                return true;
        }
    }

    /// <summary>Go's name for a JSON value's kind, as upstream error messages print it.</summary>
    public static string KindName(JsonNode? node) => node is null ? "nil" : node.GetValueKind() switch
    {
        JsonValueKind.Object => "map",
        JsonValueKind.Array => "slice",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "float64",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "nil",
    };
}
