using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MiniKube.Runtime.Images;

/// <summary>
/// The registries.yaml file k3s and RKE2 read (--registry-config): <c>mirrors</c> maps a registry host (or "*") to a
/// list of endpoints tried in order before the registry itself, and <c>configs</c> holds credentials and TLS settings
/// per endpoint host. It is how an offline lab maps docker.io or registry.k8s.io to a loopback registry.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/#using-a-private-registry
/// </summary>
public sealed class RegistryConfig
{
    public Dictionary<string, MirrorConfig> Mirrors { get; set; } = [];
    public Dictionary<string, HostConfig> Configs { get; set; } = [];

    public static RegistryConfig Empty { get; } = new();

    /// <summary>Reads the file; throws with the file name and YAML position when it does not parse.</summary>
    public static RegistryConfig Load(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        try
        {
            return deserializer.Deserialize<RegistryConfig?>(File.ReadAllText(path)) ?? new RegistryConfig();
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new InvalidArgumentException($"{path}: {ex.Message} (at line {ex.Start.Line}, column {ex.Start.Column})");
        }
    }

    /// <summary>Problems a file may hold that parsing does not catch (an endpoint that is not a URL, a missing CA file).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (host, mirror) in Mirrors)
        {
            foreach (var endpoint in mirror.Endpoint)
            {
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    problems.Add($"mirrors.\"{host}\".endpoint: \"{endpoint}\" is not an http:// or https:// URL");
            }
        }
        foreach (var (host, config) in Configs)
        {
            if (config.Tls?.CaFile is { } ca && !File.Exists(ca)) problems.Add($"configs.\"{host}\".tls.ca_file: \"{ca}\" does not exist");
        }
        return problems;
    }

    /// <summary>
    /// The endpoints to try for <paramref name="registry"/>, in order: its mirrors (or the "*" mirrors), then the
    /// registry itself over HTTPS (docker.io's API lives at registry-1.docker.io), as containerd does in k3s.
    /// </summary>
    public IReadOnlyList<Uri> EndpointsFor(string registry)
    {
        var endpoints = new List<Uri>();
        if (Mirrors.TryGetValue(registry, out var mirror) || Mirrors.TryGetValue("*", out mirror))
        {
            foreach (var endpoint in mirror.Endpoint) endpoints.Add(new Uri(endpoint.TrimEnd('/').EndsWith("/v2", StringComparison.Ordinal) ? endpoint.TrimEnd('/')[..^3] : endpoint.TrimEnd('/')));
        }
        var upstream = new Uri("https://" + (registry == ImageReference.DockerHub ? "registry-1.docker.io" : registry));
        if (!endpoints.Contains(upstream)) endpoints.Add(upstream);
        return endpoints;
    }

    /// <summary>The credentials and TLS settings for an endpoint (keyed "host:port" or "host"), if configured.</summary>
    public HostConfig? ConfigFor(Uri endpoint) =>
        Configs.TryGetValue(endpoint.Authority, out var config) || Configs.TryGetValue(endpoint.Host, out config) ? config : null;
}

public sealed class MirrorConfig
{
    public List<string> Endpoint { get; set; } = [];
}

public sealed class HostConfig
{
    public AuthSettings? Auth { get; set; }
    public TlsSettings? Tls { get; set; }
}

public sealed class AuthSettings
{
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? Auth { get; set; }
    public string? IdentityToken { get; set; }
}

public sealed class TlsSettings
{
    public string? CaFile { get; set; }
    public string? CertFile { get; set; }
    public string? KeyFile { get; set; }
    public bool InsecureSkipVerify { get; set; }
}
