using Etcdserverpb;
using Grpc.Core;

namespace MiniKube.ApiServer.Storage.Etcd3;

public sealed partial class Etcd3Storage
{
    public async Task<(bool Healthy, string Message)> CheckHealthAsync(CancellationToken cancellationToken)
    {
        // Like kube-apiserver's etcd health check: one cheap read that must come back quickly. A linearizable read
        // needs a leader and a quorum, so "it answered" also means "the cluster can commit writes".
        try
        {
            await _client.GetAsync(new RangeRequest { Key = KeyBytes("health"), CountOnly = true },
                deadline: DateTime.UtcNow + HealthTimeout, cancellationToken: cancellationToken);
            return (true, "ok");
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = string.IsNullOrEmpty(ex.Status.Detail) ? ex.StatusCode.ToString() : $"{ex.StatusCode}: {ex.Status.Detail}";
            return (false, $"etcd at {_etcdServers} did not answer within {HealthTimeout.TotalSeconds:0}s ({why}); check that etcd runs and --etcd-servers points at it");
        }
    }
}
