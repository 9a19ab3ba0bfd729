using Etcdserverpb;
using Grpc.Core;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async Task CompactAsync(long revision, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        try
        {
            // Compaction drops every version older than `revision` that a newer version (at or before it) replaced.
            // Physical = true waits until etcd has really removed them, so reads right after see the result.
            await _client.CompactAsync(new CompactionRequest { Revision = revision, Physical = true }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (IsCompacted(ex))
        {
            // History was already compacted at or beyond this revision: nothing left to do (kube-apiserver's
            // periodic compactor treats this the same way).
        }
        catch (RpcException ex) when (IsFutureRevision(ex))
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, "cannot compact at a revision etcd has not reached yet");
        }
    }

    /// <summary>
    /// The revision etcd last compacted at. etcd reports it only to a watcher that starts too early (a watch response
    /// with compact_revision set), so we ask with a watch from revision 1. Only called after etcd said "compacted",
    /// when revision 1 is certainly gone.
    /// </summary>
    private async Task<long> CompactedRevisionAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var call = _client.GetConnection().WatchClient.Watch(cancellationToken: timeout.Token);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = KeyBytes("/"), StartRevision = 1 },
        }, timeout.Token);
        while (await call.ResponseStream.MoveNext(timeout.Token))
        {
            if (call.ResponseStream.Current.CompactRevision != 0) return call.ResponseStream.Current.CompactRevision;
        }
        return 0; // not reported: unknown
    }
}
