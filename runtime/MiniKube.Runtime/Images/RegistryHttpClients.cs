using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MiniKube.Runtime.Images;

/// <summary>
/// One HttpClient per registry endpoint, with that endpoint's TLS settings from registries.yaml (a private CA file, or
/// insecure_skip_verify for a lab registry with a self-signed certificate). Clients are kept for the daemon's life so
/// connections are reused across pulls.
/// </summary>
public sealed class RegistryHttpClients(RegistryConfig config) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();

    public HttpClient For(Uri endpoint) => _clients.GetOrAdd(endpoint.GetLeftPart(UriPartial.Authority), _ => Create(config.ConfigFor(endpoint)?.Tls));

    private static HttpClient Create(TlsSettings? tls)
    {
        var handler = new SocketsHttpHandler
        {
            // An unreachable upstream must fail fast: offline machines fall through mirrors to it.
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = true,      // blob GETs are often redirected to object storage; the Authorization header is not forwarded
        };
        if (tls is { InsecureSkipVerify: true })
        {
            // The operator asked for it in registries.yaml (a lab registry with a self-signed certificate).
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (tls?.CaFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }
        if (tls is { CertFile: { } certFile, KeyFile: { } keyFile })
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, keyFile)];
        }
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
