using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Storage;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>
/// Answers <c>kubectl get componentstatuses</c>: asks the store (etcd-0) and probes the scheduler's and the
/// controller manager's /healthz on their upstream default ports, the way kube-apiserver did.
/// </summary>
public sealed class ComponentHealth(IStorage storage, IReadOnlyDictionary<string, Uri> components) : IDisposable
{
    /// <summary>Upstream's defaults: kube-scheduler serves HTTPS on 10259, kube-controller-manager on 10257.</summary>
    public static IReadOnlyDictionary<string, Uri> DefaultComponents { get; } = new Dictionary<string, Uri>
    {
        ["scheduler"] = new("https://127.0.0.1:10259/healthz"),
        ["controller-manager"] = new("https://127.0.0.1:10257/healthz"),
    };

    private readonly HttpClient _http = new(new HttpClientHandler
    {
        // Components serve self-signed certificates; a health probe does not authenticate them (neither did upstream's).
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    })
    { Timeout = TimeSpan.FromSeconds(2) };

    public async Task<IReadOnlyList<V1ComponentStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var names = components.Keys.Order().Append("etcd-0");
        var statuses = await Task.WhenAll(names.Select(n => GetAsync(n, cancellationToken)));
        return statuses.Cast<V1ComponentStatus>().OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<k8s.IKubernetesObject<V1ObjectMeta>> GetAsync(string name, CancellationToken cancellationToken)
    {
        bool healthy;
        string message;
        if (name == "etcd-0")
        {
            (healthy, message) = await storage.CheckHealthAsync(cancellationToken);
            if (healthy) message = "ok";
        }
        else if (components.TryGetValue(name, out var url))
        {
            try
            {
                using var response = await _http.GetAsync(url, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                healthy = response.IsSuccessStatusCode;
                message = healthy ? body.Trim() : $"Get \"{url}\": {(int)response.StatusCode} {body.Trim()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                healthy = false;
                message = $"Get \"{url}\": {ex.Message}";
            }
        }
        else
        {
            throw new StatusException(StatusErrors.NotFound("", "componentstatuses", name));
        }
        return new V1ComponentStatus
        {
            ApiVersion = "v1",
            Kind = "ComponentStatus",
            Metadata = new V1ObjectMeta { Name = name },
            Conditions =
            [
                new V1ComponentCondition
                {
                    Type = "Healthy",
                    Status = healthy ? "True" : "False",
                    Message = healthy ? message : null,
                    Error = healthy ? null : message,
                },
            ],
        };
    }

    public void Dispose() => _http.Dispose();
}
