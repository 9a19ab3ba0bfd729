using System.CommandLine;
using MiniKube.ApiMachinery.Flags;
using MiniKube.ApiServer;

// minikube-apiserver: flags carry kube-apiserver's names and defaults; see ApiServerOptions.
var bindAddress = new Option<string>("--bind-address")
{
    Description = "The IP address on which to listen for the --secure-port port. Upstream listens on all interfaces; MiniKube defaults to loopback so a lab never exposes its cluster.",
    DefaultValueFactory = _ => "127.0.0.1",
};
var securePort = new Option<int>("--secure-port") { Description = "The port on which to serve HTTPS.", DefaultValueFactory = _ => 6443 };
var etcdServers = new Option<string>("--etcd-servers") { Description = "Comma-separated list of etcd servers to connect with (scheme://ip:port)." };
var storageBackend = new Option<string>("--storage-backend")
{
    Description = "The storage backend: etcd3, or sqlite for a single embedded file under --data-dir on machines without etcd.",
    DefaultValueFactory = _ => "etcd3",
};
var dataDir = new Option<string>("--data-dir") { Description = "Directory for the embedded sqlite store.", DefaultValueFactory = _ => "/var/lib/minikube-apiserver" };
var certDir = new Option<string>("--cert-dir")
{
    Description = "The directory where a self-signed serving certificate (apiserver.crt, apiserver.key) is written when --tls-cert-file is not given.",
    DefaultValueFactory = _ => "/var/run/kubernetes",
};
var tlsCertFile = new Option<string?>("--tls-cert-file") { Description = "File containing the default x509 certificate for HTTPS." };
var tlsKeyFile = new Option<string?>("--tls-private-key-file") { Description = "File containing the default x509 private key matching --tls-cert-file." };
var compaction = new Option<string>("--etcd-compaction-interval")
{
    Description = "The interval of compaction requests. Shorter keeps storage small; longer lets watchers resume from older resourceVersions. 0 disables.",
    DefaultValueFactory = _ => "5m",
};
var admission = new Option<string>("--enable-admission-plugins")
{
    Description = "Admission plugins to enable, comma-separated.",
    DefaultValueFactory = _ => string.Join(",", ApiServerOptions.DefaultAdmissionPlugins),
};
var authorization = new Option<string>("--authorization-mode") { Description = "Ordered list of plug-ins to do authorization on the secure port.", DefaultValueFactory = _ => "AlwaysAllow" };
var serviceRange = new Option<string>("--service-cluster-ip-range")
{
    Description = "A CIDR notation IP range from which to assign service cluster IPs. The first address goes to the kubernetes Service.",
    DefaultValueFactory = _ => "10.0.0.0/24",
};
var verbosity = new Option<int>("--v", "-v") { Description = "Log level: 0-2 Information, 4 and above Debug.", DefaultValueFactory = _ => 2 };

var root = new RootCommand("minikube-apiserver: the Kubernetes API on etcd or an embedded store")
{
    bindAddress, securePort, etcdServers, storageBackend, dataDir, certDir, tlsCertFile, tlsKeyFile, compaction, admission, authorization, serviceRange, verbosity,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var problems = new List<string>();
    var interval = Durations.TryParse(parse.GetValue(compaction)!, out var parsed) ? parsed : TimeSpan.MinValue;
    if (interval == TimeSpan.MinValue) problems.Add($"--etcd-compaction-interval: \"{parse.GetValue(compaction)}\" is not a duration like 5m or 30s");
    var options = new ApiServerOptions
    {
        BindAddress = parse.GetValue(bindAddress)!,
        SecurePort = parse.GetValue(securePort),
        EtcdServers = (parse.GetValue(etcdServers) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        StorageBackend = parse.GetValue(storageBackend)!,
        DataDir = parse.GetValue(dataDir)!,
        CertDir = parse.GetValue(certDir)!,
        TlsCertFile = parse.GetValue(tlsCertFile),
        TlsPrivateKeyFile = parse.GetValue(tlsKeyFile),
        EtcdCompactionInterval = interval == TimeSpan.MinValue ? TimeSpan.Zero : interval,
        EnableAdmissionPlugins = parse.GetValue(admission)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        AuthorizationMode = parse.GetValue(authorization)!,
        Verbosity = parse.GetValue(verbosity),
        ServiceClusterIPRange = parse.GetValue(serviceRange)!,
    };
    problems.AddRange(options.Validate());
    if (problems.Count > 0)
    {
        foreach (var problem in problems) await Console.Error.WriteLineAsync($"Error: {problem}");
        return 1;
    }
    return await ApiServerHost.RunAsync(options, cancellationToken);
});
return await root.Parse(args).InvokeAsync(cancellationToken: CancellationToken.None);
