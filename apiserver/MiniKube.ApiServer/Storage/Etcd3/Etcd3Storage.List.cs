using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async Task<ListResult> ListAsync(string prefix, long atRevision, string? startAfterKey, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(atRevision);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);

        var request = new RangeRequest
        {
            // Continue right after the last key of the previous page: appending a zero byte gives the smallest key
            // that sorts after it, and etcd's range start is inclusive.
            Key = startAfterKey is null ? KeyBytes(prefix) : KeyBytes(startAfterKey + "\0"),
            RangeEnd = PrefixEnd(prefix),
            // Reading every page at the first page's revision (etcd's MVCC keeps old versions until compaction) is what
            // makes a paginated list one consistent snapshot; 0 means "the current revision".
            Revision = atRevision,
            Limit = limit, // 0 = no limit
        };

        RangeResponse response;
        try
        {
            response = await _client.GetAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (IsCompacted(ex))
        {
            throw new RevisionCompactedException(atRevision, await CompactedRevisionAsync(cancellationToken));
        }
        catch (RpcException ex) when (IsFutureRevision(ex))
        {
            throw new ArgumentOutOfRangeException(nameof(atRevision), atRevision,
                $"cannot list {prefix} at revision {atRevision}: etcd has not reached that revision yet");
        }

        var items = response.Kvs.Select(ToStoredValue).ToList();
        // Count is how many keys the whole range holds, ignoring the limit, so the rest is what later pages will return
        // (kube-apiserver reports it as metadata.remainingItemCount).
        var remaining = response.Count - items.Count;
        // The header holds the current revision; for a later page the snapshot's revision is the one we asked for.
        var revision = atRevision != 0 ? atRevision : response.Header.Revision;
        return new ListResult(items, revision, response.More, remaining);
    }
}
