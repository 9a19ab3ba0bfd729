using System.Text;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Mvccpb;

namespace MiniKube.ApiServer.Storage.Etcd3;

/// <summary>
/// The API server's storage on a real etcd v3 cluster, as kube-apiserver's "etcd3" storage backend does: every object
/// is one etcd key, <c>metadata.resourceVersion</c> is the key's mod_revision, and every write is an etcd transaction
/// that compares that revision first (optimistic concurrency). One file per operation: Etcd3Storage.Create.cs, ….
/// Concept: https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
/// </summary>
public sealed partial class Etcd3Storage : IStorage
{
    // How long a health check waits for etcd before calling it unhealthy; /readyz must answer quickly.
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(2);

    private readonly EtcdClient _client;
    private readonly string _etcdServers;

    /// <summary>
    /// Connects to etcd. <paramref name="etcdServers"/> is the value of kube-apiserver's <c>--etcd-servers</c> flag:
    /// one or more client URLs separated by commas, e.g. <c>http://127.0.0.1:2379</c>. Nothing is sent until the first call.
    /// </summary>
    /// <remarks>Upstream difference: we speak plain HTTP/2 to etcd; kube-apiserver usually uses TLS client certificates.</remarks>
    public Etcd3Storage(string etcdServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(etcdServers);
        _etcdServers = etcdServers;
        // dotnet-etcd splits the comma-separated list itself and balances calls across the members round-robin.
        // gRPC's default 4 MB receive limit would fail any LIST over ~2,500 pods; etcd's Go client (what kube-apiserver
        // uses) allows 2 GiB, so lift the limit the same way.
        _client = new EtcdClient(etcdServers, configureChannelOptions: options =>
        {
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
        });
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    // etcd keys and values are bytes. Our keys are ASCII paths and our values are JSON, so UTF-8 both ways keeps them
    // readable with `etcdctl get /registry/pods/default/web-1`.
    private static ByteString KeyBytes(string key) => ByteString.CopyFromUtf8(key);

    private static StoredValue ToStoredValue(KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.ToByteArray(), kv.CreateRevision, kv.ModRevision);

    /// <summary>
    /// The smallest key that is greater than every key starting with <paramref name="prefix"/>: etcd has no "prefix"
    /// query, only ranges [key, range_end), so a prefix query is the range [prefix, PrefixEnd(prefix)). Like etcdctl's
    /// --prefix, it increments the last byte (dropping trailing 0xff bytes, which cannot be incremented).
    /// </summary>
    private static ByteString PrefixEnd(string prefix)
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
        return ByteString.CopyFrom(0); // only 0xff bytes: "\0" as range_end means "to the end of the keyspace"
    }

    // etcd answers a read at a revision older than its last compaction with gRPC OutOfRange and this text
    // (kube-apiserver turns it into 410 Gone, "too old resource version").
    private static bool IsCompacted(RpcException ex) =>
        ex.StatusCode == StatusCode.OutOfRange && ex.Status.Detail.Contains("required revision has been compacted", StringComparison.Ordinal);

    // …and a read at a revision it has not reached yet with this one.
    private static bool IsFutureRevision(RpcException ex) =>
        ex.StatusCode == StatusCode.OutOfRange && ex.Status.Detail.Contains("required revision is a future revision", StringComparison.Ordinal);

    private static void RequireRevision(long expectedRevision, string key)
    {
        // A compare against revision 0 would match an absent key and turn an update into a create, so a caller must
        // pass the revision it read (kube-apiserver's GuaranteedUpdate always reads first, too).
        if (expectedRevision <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedRevision), expectedRevision,
                $"a write to {key} needs the revision that was read (a positive number)");
        }
    }

    /// <summary>The key's current value read in the "else" branch of a failed transaction, or null when it is absent.</summary>
    private static StoredValue? CurrentValueFromElseBranch(TxnResponse response)
    {
        var kvs = response.Responses[0].ResponseRange.Kvs;
        return kvs.Count == 0 ? null : ToStoredValue(kvs[0]);
    }
}
