using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MiniKube.Cli.Printing;

/// <summary>
/// <c>-o yaml</c>: writes a JSON object as YAML in kubectl's style: keys sorted, two-space indentation, list items
/// ("- ") at the same indentation as their key, and strings quoted only where YAML would otherwise read them as
/// something else (<c>"1"</c>, <c>"true"</c>, a timestamp). Multi-line strings become <c>|</c> blocks.
/// Concept: https://kubernetes.io/docs/reference/kubectl/#output-options
/// </summary>
public static partial class YamlPrinter
{
    public static string Print(JsonNode node)
    {
        var output = new StringBuilder();
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                WriteMapping(obj, 0, output);
                break;
            case JsonArray array when array.Count > 0:
                WriteSequence(array, 0, output);
                break;
            default:
                output.Append(Inline(node)).Append('\n');
                break;
        }
        return output.ToString();
    }

    private static void WriteMapping(JsonObject obj, int indent, StringBuilder output)
    {
        foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(value, indent, output, nestedIndent: indent + 2);
        }
    }

    // A list nested in a map is not indented further: "containers:\n- name: main" (go-yaml's style).
    private static void WriteSequence(JsonArray array, int indent, StringBuilder output)
    {
        foreach (var item in array)
        {
            output.Append(' ', indent).Append('-');
            if (item is JsonObject { Count: > 0 } obj)
            {
                // The first key goes on the "- " line; the others line up under it.
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    output.Append(first ? " " : new string(' ', indent + 2)).Append(Scalar(key)).Append(':');
                    WriteValue(value, indent + 2, output, nestedIndent: indent + 4);
                    first = false;
                }
            }
            else
            {
                WriteValue(item, indent, output, nestedIndent: indent + 2, afterDash: true);
            }
        }
    }

    // Writes what follows "key:" or "-": an inline scalar, a block string, or a nested map/list on the next lines.
    private static void WriteValue(JsonNode? value, int indent, StringBuilder output, int nestedIndent, bool afterDash = false)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } obj:
                output.Append('\n');
                WriteMapping(obj, nestedIndent, output);
                break;
            case JsonArray { Count: > 0 } array:
                output.Append('\n');
                // Under a map key the items keep the key's indentation; under a "-" they move in.
                WriteSequence(array, afterDash ? nestedIndent : indent, output);
                break;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String && ((string)text!).Contains('\n', StringComparison.Ordinal):
                WriteBlock((string)text!, nestedIndent, output);
                break;
            default:
                output.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    // A literal block keeps newlines as they are; the chomping sign says how the text ends: "|-" no newline, "|" one, "|+" more.
    private static void WriteBlock(string text, int indent, StringBuilder output)
    {
        var chomp = !text.EndsWith('\n') ? "-" : text.EndsWith("\n\n", StringComparison.Ordinal) ? "+" : "";
        // A block whose first line starts with spaces needs an explicit indentation indicator.
        var indicator = text.StartsWith(' ') ? "2" : "";
        output.Append(" |").Append(indicator).Append(chomp).Append('\n');
        var body = chomp == "+" ? text[..^1] : text.TrimEnd('\n');
        foreach (var line in body.Split('\n'))
        {
            if (line.Length > 0) output.Append(' ', indent).Append(line);
            output.Append('\n');
        }
    }

    private static string Inline(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar((string)v!),
        _ => value.ToJsonString(), // numbers and booleans
    };

    /// <summary>A string as a YAML scalar: plain when that reads back as the same string, otherwise quoted.</summary>
    internal static string Scalar(string text)
    {
        if (NeedsDoubleQuotes(text)) return DoubleQuoted(text);
        if (!IsPlainSafe(text)) return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
        return text;
    }

    // Text that a YAML reader would take for null, a boolean (YAML 1.1 words included), a number or a timestamp,
    // and text with control characters, must be double-quoted to stay a string.
    private static bool NeedsDoubleQuotes(string text) =>
        text.Length == 0 ||
        text.Any(c => char.IsControl(c)) ||
        NonStringWords.Contains(text) ||
        NumberPattern().IsMatch(text) ||
        TimestampPattern().IsMatch(text);

    private static readonly HashSet<string> NonStringWords = new(StringComparer.Ordinal)
    {
        "~", "null", "Null", "NULL",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN", "<<",
    };

    // Plain scalars may not start with an indicator character, nor contain ": " or " #", nor start/end with a space.
    private static bool IsPlainSafe(string text) =>
        !"-?:,[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal) &&
        !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]) &&
        !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal) &&
        !text.EndsWith(':');

    private static string DoubleQuoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    [GeneratedRegex(@"^[-+]?(0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+([eE][-+]?[0-9]+)?)$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)")]
    private static partial Regex TimestampPattern();
}
