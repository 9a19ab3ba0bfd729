using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MiniKube.Runtime.Images;

/// <summary>
/// An OCI content digest, <c>sha256:&lt;64 hex&gt;</c>: the name of every blob in a registry and in our content store,
/// so content is verified by its name. Only sha256 is supported (what every registry uses).
/// </summary>
public static partial class ContentDigest
{
    public const string Sha256Prefix = "sha256:";

    public static bool TryParse(string text, [NotNullWhen(true)] out string? hex)
    {
        hex = null;
        if (!text.StartsWith(Sha256Prefix, StringComparison.Ordinal) || !HexPattern().IsMatch(text[Sha256Prefix.Length..])) return false;
        hex = text[Sha256Prefix.Length..];
        return true;
    }

    /// <summary>The hex part of a digest; throws for anything else (a registry must never make us build a path from it).</summary>
    public static string Hex(string digest) =>
        TryParse(digest, out var hex) ? hex : throw new InvalidArgumentException($"\"{digest}\" is not a sha256 digest");

    public static string Of(ReadOnlySpan<byte> data) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static string FromHash(IncrementalHash hash) => Sha256Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>
    /// The chain IDs of an image's layers: the identity of "this layer on top of those", so two images sharing a base
    /// share its snapshots. chain[0] = diffID[0]; chain[i] = sha256(chain[i-1] + " " + diffID[i]) (OCI image-spec).
    /// </summary>
    public static IReadOnlyList<string> ChainIds(IReadOnlyList<string> diffIds)
    {
        var chain = new List<string>(diffIds.Count);
        foreach (var diffId in diffIds) chain.Add(chain.Count == 0 ? diffId : Of(chain[^1] + " " + diffId));
        return chain;
    }

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex HexPattern();
}
