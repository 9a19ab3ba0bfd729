using System.Globalization;

namespace MiniKube.ApiServer.Patch;

/// <summary>
/// An RFC 6901 JSON Pointer, the "path" and "from" of a JSON patch operation: <c>/spec/containers/0/image</c>.
/// Each token names an object member or an array index; "~1" stands for "/" and "~0" for "~" inside a token, so the
/// annotation key <c>example.com/team</c> is written <c>/metadata/annotations/example.com~1team</c>.
/// Concept: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
/// </summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The pointer as written in the patch, for error messages.</summary>
    public string Text { get; }

    /// <summary>The unescaped tokens; empty for "", which points at the whole document.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            throw PatchException.Invalid($"JSON pointer must be empty or start with a \"/\": \"{text}\"");
        }

        var tokens = new List<string>();
        foreach (var raw in text[1..].Split('/'))
        {
            tokens.Add(Unescape(raw, text));
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>True when this pointer is <paramref name="other"/> or lies inside it (used to refuse moving a value into itself).</summary>
    public bool IsSameOrInside(JsonPointer other)
    {
        if (other.Tokens.Count > Tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < other.Tokens.Count; i++)
        {
            if (Tokens[i] != other.Tokens[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads an array index token. RFC 6901 allows only "0" or digits without a leading zero; "-" (past the end) is
    /// accepted only where the caller allows it, which is the "add" operation's append.
    /// </summary>
    public static bool TryParseIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    private static string Unescape(string token, string pointer)
    {
        if (!token.Contains('~', StringComparison.Ordinal))
        {
            return token;
        }

        var result = new System.Text.StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '~')
            {
                result.Append(token[i]);
                continue;
            }

            // "~" must be followed by 0 or 1; anything else is not a valid escape.
            var next = i + 1 < token.Length ? token[i + 1] : '\0';
            result.Append(next switch
            {
                '0' => '~',
                '1' => '/',
                _ => throw PatchException.Invalid($"invalid JSON pointer \"{pointer}\": \"~\" must be followed by 0 or 1"),
            });
            i++;
        }

        return result.ToString();
    }
}
