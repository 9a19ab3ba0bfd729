using System.Runtime.CompilerServices;
using Etcdserverpb;
using Grpc.Core;
using Mvccpb;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);

        // We use etcd's Watch RPC directly: one bidirectional gRPC stream; we send one "create" request and then read
        // responses, each holding events in revision order. etcd itself guarantees "every event once, in order".
        // Disposing the call (when the caller stops reading or cancels) ends the stream and the watch with it.
        using var call = _client.GetConnection().WatchClient.Watch(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = KeyBytes(prefix),
                RangeEnd = PrefixEnd(prefix),
                // Our "after revision R" is etcd's "starting at R + 1"; etcd's 0 means "from now", and so does ours.
                StartRevision = afterRevision == 0 ? 0 : afterRevision + 1,
                // Ask for the value before each change: a delete event can then still say which object went away.
                PrevKv = true,
            },
        }, cancellationToken);

        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var response = call.ResponseStream.Current;
            if (response.CompactRevision != 0)
            {
                // The history we asked for is gone. The client must list again and watch from the list's revision
                // (kube-apiserver answers 410 Gone, and informers re-list).
                throw new RevisionCompactedException(afterRevision, response.CompactRevision);
            }
            if (response.Canceled)
            {
                throw new InvalidOperationException($"etcd cancelled the watch on {prefix}: {response.CancelReason}");
            }
            foreach (var change in response.Events) yield return ToWatchEvent(change);
        }

        // The server closed the stream without being asked to (e.g. etcd is shutting down). Say so rather than end
        // quietly, or the caller could mistake it for "no more changes".
        throw new RpcException(new Status(StatusCode.Unavailable, $"etcd closed the watch on {prefix}"));
    }

    private static WatchEvent ToWatchEvent(Event change)
    {
        var previous = change.PrevKv?.Value.ToByteArray();
        // For a delete, etcd sends the key with the delete's revision as mod_revision and no value.
        return change.Type == Event.Types.EventType.Delete
            ? new WatchEvent(WatchEventType.Delete, change.Kv.Key.ToStringUtf8(), null, previous, change.Kv.ModRevision)
            : new WatchEvent(WatchEventType.Put, change.Kv.Key.ToStringUtf8(), change.Kv.Value.ToByteArray(), previous, change.Kv.ModRevision);
    }
}
