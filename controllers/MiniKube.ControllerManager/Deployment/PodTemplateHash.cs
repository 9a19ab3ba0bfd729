using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace MiniKube.ControllerManager.Deployment;

/// <summary>
/// The <c>pod-template-hash</c> label value that names a Deployment's ReplicaSets (web-5d4f8c7b9) and keeps their
/// selectors apart (upstream: <c>controller.ComputeHash</c>): a 32-bit FNV-1a hash of the pod template, plus the
/// Deployment's collisionCount when two templates ever hash alike, printed in decimal and then "safe encoded" with
/// an alphabet without vowels (no accidental words) and without look-alike characters.
/// Concept: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
/// Upstream difference: upstream hashes Go's printed form of the template struct; we hash its JSON, so the same
/// template gets a different (but equally stable) value than on a real cluster.
/// </summary>
public static class PodTemplateHash
{
    public const string LabelKey = "pod-template-hash";

    // Upstream's rand.SafeEncodeString alphabet.
    private const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var bytes = Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template));
        var hash = Fnv1a32(2166136261, bytes);
        if (collisionCount is { } count)
        {
            Span<byte> extra = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(extra, unchecked((uint)count));
            hash = Fnv1a32(hash, extra);
        }
        return SafeEncodeString(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Maps each character to the alphabet, so the result is a valid, word-free label value.</summary>
    public static string SafeEncodeString(string s) => string.Concat(s.Select(c => Alphanums[c % Alphanums.Length]));

    private static uint Fnv1a32(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash = unchecked(hash * 16777619);
        }
        return hash;
    }
}
