using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniKube.ApiServer;

/// <summary>
/// The API server's HTTPS certificate: the files given by --tls-cert-file/--tls-private-key-file, or, as
/// kube-apiserver does without them, a self-signed one written to --cert-dir (apiserver.crt, apiserver.key) and
/// reused on the next start, so kubeconfigs that trust it keep working.
/// Concept: https://kubernetes.io/docs/setup/best-practices/certificates/
/// </summary>
public static class ServingCertificate
{
    public static X509Certificate2 LoadOrCreate(ApiServerOptions options)
    {
        if (options.TlsCertFile is not null && options.TlsPrivateKeyFile is not null)
        {
            return Load(options.TlsCertFile, options.TlsPrivateKeyFile);
        }
        var certFile = Path.Combine(options.CertDir, "apiserver.crt");
        var keyFile = Path.Combine(options.CertDir, "apiserver.key");
        if (File.Exists(certFile) && File.Exists(keyFile)) return Load(certFile, keyFile);

        Directory.CreateDirectory(options.CertDir);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=minikube-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("kubernetes");
        names.AddDnsName("kubernetes.default");
        names.AddDnsName("kubernetes.default.svc");
        names.AddIpAddress(IPAddress.Loopback);
        if (IPAddress.TryParse(options.BindAddress, out var bind) && !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.Loopback)) names.AddIpAddress(bind);
        request.CertificateExtensions.Add(names.Build());
        // Self-signed: the certificate is its own CA, so it may sign (kubeconfigs use it as certificate-authority).
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return Load(certFile, keyFile);
    }

    private static X509Certificate2 Load(string certFile, string keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        // Kestrel needs a certificate whose key is usable for TLS; a PKCS#12 round trip gives it one on Linux.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
