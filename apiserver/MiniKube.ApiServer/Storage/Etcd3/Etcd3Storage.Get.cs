using Etcdserverpb;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async Task<StoredValue?> GetAsync(string key, CancellationToken cancellationToken)
    {
        // A range over exactly one key. etcd reads are linearizable by default: we see every write acknowledged before.
        var response = await _client.GetAsync(new RangeRequest { Key = KeyBytes(key) }, cancellationToken: cancellationToken);
        return response.Kvs.Count == 0 ? null : ToStoredValue(response.Kvs[0]);
    }

    public async Task<long> CurrentRevisionAsync(CancellationToken cancellationToken)
    {
        // Every etcd response header carries the store's current revision, so the cheapest linearizable read does:
        // a count-only range over one key (which key does not matter).
        var response = await _client.GetAsync(new RangeRequest { Key = KeyBytes("/"), CountOnly = true }, cancellationToken: cancellationToken);
        return response.Header.Revision;
    }
}
