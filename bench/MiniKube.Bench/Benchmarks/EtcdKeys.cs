using System.Text;
using Google.Protobuf;

namespace MiniKube.Bench.Benchmarks;

/// <summary>Key helpers for the raw etcd peer: etcd has no prefix query, only ranges [key, range_end).</summary>
internal static class EtcdKeys
{
    public static ByteString Key(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/> (what etcdctl --prefix sends).</summary>
    public static ByteString PrefixEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }
        return ByteString.CopyFrom(0);
    }

    /// <summary>The last path segment of a key such as /registry/configmaps/bench2/cm-00001: the object's name.</summary>
    public static string NameOf(ByteString key)
    {
        var text = key.ToStringUtf8();
        return text[(text.LastIndexOf('/') + 1)..];
    }
}
