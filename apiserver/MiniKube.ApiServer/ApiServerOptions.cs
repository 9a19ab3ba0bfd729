namespace MiniKube.ApiServer;

/// <summary>
/// The API server's settings, with kube-apiserver's flag names and defaults (plus <c>--storage-backend=sqlite</c> and
/// <c>--data-dir</c> for the embedded store). Bound from the command line in one place, <see cref="Program"/>.
/// </summary>
public sealed record ApiServerOptions
{
    public string BindAddress { get; init; } = "127.0.0.1";
    public int SecurePort { get; init; } = 6443;
    public IReadOnlyList<string> EtcdServers { get; init; } = [];
    public string StorageBackend { get; init; } = "etcd3";
    public string DataDir { get; init; } = "/var/lib/minikube-apiserver";
    public string CertDir { get; init; } = "/var/run/kubernetes";
    public string? TlsCertFile { get; init; }
    public string? TlsPrivateKeyFile { get; init; }
    public TimeSpan EtcdCompactionInterval { get; init; } = TimeSpan.FromMinutes(5);
    public IReadOnlyList<string> EnableAdmissionPlugins { get; init; } = DefaultAdmissionPlugins;

    /// <summary>The admission plugins on when <c>--enable-admission-plugins</c> is not given (all on by default upstream too).</summary>
    public static IReadOnlyList<string> DefaultAdmissionPlugins { get; } =
        [Admission.NamespaceLifecycle.PluginName, Admission.DefaultTolerationSeconds.PluginName, Admission.Priority.PluginName];
    public string AuthorizationMode { get; init; } = "AlwaysAllow";
    public int Verbosity { get; init; } = 2;
    public string ServiceClusterIPRange { get; init; } = "10.0.0.0/24";

    /// <summary>Every problem with the options at once (an empty list when they are valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (StorageBackend is not ("etcd3" or "sqlite")) problems.Add($"--storage-backend: \"{StorageBackend}\" is not supported; use etcd3 or sqlite");
        if (StorageBackend == "etcd3" && EtcdServers.Count == 0) problems.Add("--etcd-servers must be specified when --storage-backend=etcd3 (or use --storage-backend=sqlite)");
        foreach (var server in EtcdServers)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add($"--etcd-servers: \"{server}\" is not an http(s) URL");
            }
        }
        if (SecurePort is < 1 or > 65535) problems.Add($"--secure-port: {SecurePort} must be between 1 and 65535");
        if (!System.Net.IPAddress.TryParse(BindAddress, out _)) problems.Add($"--bind-address: \"{BindAddress}\" is not an IP address");
        if ((TlsCertFile is null) != (TlsPrivateKeyFile is null)) problems.Add("--tls-cert-file and --tls-private-key-file must be given together");
        foreach (var plugin in EnableAdmissionPlugins.Where(p => !DefaultAdmissionPlugins.Contains(p)))
        {
            problems.Add($"--enable-admission-plugins: unknown plugin \"{plugin}\"; supported: {string.Join(", ", DefaultAdmissionPlugins)}");
        }
        if (AuthorizationMode != "AlwaysAllow") problems.Add($"--authorization-mode: \"{AuthorizationMode}\" is not supported yet; supported: AlwaysAllow");
        if (Registry.ServiceIPAllocator.ParseCidr(ServiceClusterIPRange) is null)
        {
            problems.Add($"--service-cluster-ip-range: \"{ServiceClusterIPRange}\" is not an IPv4 CIDR with a prefix from /8 to /30");
        }
        if (EtcdCompactionInterval < TimeSpan.Zero) problems.Add("--etcd-compaction-interval must not be negative");
        return problems;
    }
}
