using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MiniKube.Testing.Registry;

/// <summary>
/// The token server of the registry's bearer flow (what auth.docker.io is for Docker Hub), on loopback: it checks the
/// user and password (Basic) and answers a JWT, signed RS256 with a key whose self-signed certificate the registry
/// trusts (its <c>rootcertbundle</c>), granting the scope that was asked for.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "minikube-test-registry";
    public const string Issuer = "minikube-test-token-issuer";

    private readonly WebApplication _app;
    private readonly RSA _key;
    private readonly X509Certificate2 _certificate;
    private int _issued;

    private TokenServer(WebApplication app, RSA key, X509Certificate2 certificate, string certificatePath, int port)
    {
        _app = app;
        _key = key;
        _certificate = certificate;
        CertificatePath = certificatePath;
        Realm = $"http://127.0.0.1:{port}/token";
    }

    public string Realm { get; }
    public string CertificatePath { get; }
    /// <summary>Tokens handed out through /token (not the ones the test minted for itself to push).</summary>
    public int TokensIssued => _issued;

    public static async Task<TokenServer> StartAsync(string dir)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=minikube-test-token-issuer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Join(dir, "token.crt");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new TokenServer(app, key, certificate, certificatePath, port);
        app.MapGet("/token", server.IssueToken);
        await app.StartAsync();
        return server;
    }

    /// <summary>A token for the asking user, for the scope asked, for a minute; 401 without the right password.</summary>
    public string Mint(string subject, IEnumerable<string> scopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var access = scopes.Select(scope => scope.Split(':')).Where(p => p.Length == 3)
            .Select(p => new { type = p[0], name = p[1], actions = p[2].Split(',') }).ToArray();
        var header = new { typ = "JWT", alg = "RS256", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new { iss = Issuer, sub = subject, aud = Service, exp = now + 60, nbf = now - 10, iat = now, jti = Guid.NewGuid().ToString("N"), access };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private IResult IssueToken(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        if (authorization != expected) return Results.Unauthorized();
        var scopes = context.Request.Query["scope"].Where(s => s is not null).SelectMany(s => s!.Split(' '));
        var token = Mint(RegistryServer.User, scopes);
        Interlocked.Increment(ref _issued);
        return Results.Json(new { token, access_token = token, expires_in = 60 });
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
