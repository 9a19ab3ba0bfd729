using Etcdserverpb;
using Google.Protobuf;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async Task<long> UpdateAsync(string key, byte[] value, long expectedRevision, CancellationToken cancellationToken)
    {
        RequireRevision(expectedRevision, key);

        // Update = "if mod_revision(key) == the revision we read then put, else get": optimistic concurrency in one
        // round trip. The "else get" hands back the current value, so the caller can retry on it (or answer 409 Conflict).
        var txn = new TxnRequest
        {
            Compare = { new Compare { Key = KeyBytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedRevision } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = KeyBytes(key), Value = ByteString.CopyFrom(value) } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = KeyBytes(key) } } },
        };
        var response = await _client.TransactionAsync(txn, cancellationToken: cancellationToken);
        if (response.Succeeded) return response.Header.Revision;

        var current = CurrentValueFromElseBranch(response);
        if (current is null) throw new KeyNotFoundException($"key {key} not found");
        throw new RevisionConflictException(key, current);
    }
}
