using Etcdserverpb;
using Google.Protobuf;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        // Create = "if mod_revision(key) == 0 then put". etcd reports mod_revision 0 for a key that does not exist,
        // so two API servers racing to create the same object cannot both win: etcd runs transactions one at a time.
        var txn = new TxnRequest
        {
            Compare = { new Compare { Key = KeyBytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = 0 } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = KeyBytes(key), Value = ByteString.CopyFrom(value) } } },
        };
        var response = await _client.TransactionAsync(txn, cancellationToken: cancellationToken);
        if (!response.Succeeded) throw new KeyExistsException(key);

        // The header carries the store's revision after the transaction: the revision of our put.
        return response.Header.Revision;
    }
}
