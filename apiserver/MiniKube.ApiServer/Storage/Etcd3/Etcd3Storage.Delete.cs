using Etcdserverpb;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async Task<long> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken)
    {
        RequireRevision(expectedRevision, key);

        // Delete = "if mod_revision(key) == the revision we read then delete, else get", like update: a delete based on
        // a stale read (say, of a Pod that was just rescheduled) must not remove the newer object.
        var txn = new TxnRequest
        {
            Compare = { new Compare { Key = KeyBytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedRevision } },
            Success = { new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = KeyBytes(key) } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = KeyBytes(key) } } },
        };
        var response = await _client.TransactionAsync(txn, cancellationToken: cancellationToken);
        if (response.Succeeded) return response.Header.Revision; // a delete is a write too: it gets its own revision

        var current = CurrentValueFromElseBranch(response);
        if (current is null) throw new KeyNotFoundException($"key {key} not found");
        throw new RevisionConflictException(key, current);
    }
}
