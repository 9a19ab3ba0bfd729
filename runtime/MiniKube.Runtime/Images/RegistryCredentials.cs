using System.Text;
using MiniKube.Cri.V1;

namespace MiniKube.Runtime.Images;

/// <summary>
/// Credentials for one registry: a user name and password (for Basic auth, and to ask a token server for a bearer
/// token), or a ready bearer token. They come from the PullImage request's AuthConfig (the kubelet fills it from the
/// Pod's imagePullSecrets) or, failing that, from registries.yaml's <c>configs</c>.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
/// </summary>
public sealed record RegistryCredentials(string? Username, string? Password, string? RegistryToken)
{
    public bool HasPassword => Username is not null && Password is not null;

    public string BasicHeaderValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public static RegistryCredentials? From(AuthConfig? auth)
    {
        if (auth is null) return null;
        if (auth.RegistryToken.Length > 0) return new(null, null, auth.RegistryToken);
        if (auth.Username.Length > 0) return new(auth.Username, auth.Password, null);
        return FromAuthField(auth.Auth);
    }

    public static RegistryCredentials? From(AuthSettings? auth)
    {
        if (auth is null) return null;
        if (!string.IsNullOrEmpty(auth.Username)) return new(auth.Username, auth.Password ?? "", null);
        return FromAuthField(auth.Auth);
    }

    // "auth" is base64("user:password"), the form ~/.docker/config.json stores.
    private static RegistryCredentials? FromAuthField(string? auth)
    {
        if (string.IsNullOrEmpty(auth)) return null;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth)); }
        catch (FormatException) { throw new InvalidArgumentException("auth is not base64-encoded \"username:password\""); }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) throw new InvalidArgumentException("auth does not decode to \"username:password\"");
        return new(decoded[..colon], decoded[(colon + 1)..], null);
    }
}
