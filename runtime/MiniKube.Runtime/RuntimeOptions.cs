namespace MiniKube.Runtime;

/// <summary>
/// minikube-runtime's settings, one per flag (containerd's config.toml and the CRI plugin's options in one record).
/// Defaults are MiniKube's paths; the flag names follow the issue and containerd where one exists.
/// </summary>
public sealed record RuntimeOptions
{
    public const string DefaultListen = "unix:///run/minikube/runtime.sock";

    /// <summary>Where the CRI gRPC server listens: unix:///path/to.sock.</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>Persistent data: content store (blobs), image records, snapshots.</summary>
    public string Root { get; init; } = "/var/lib/minikube-runtime";

    /// <summary>Runtime state that does not outlive the machine: sandboxes, containers, mounts.</summary>
    public string State { get; init; } = "/run/minikube-runtime";

    /// <summary>k3s-style registries.yaml (mirrors and configs), or null for none.</summary>
    public string? RegistryConfig { get; init; }

    public string CniBinDir { get; init; } = "/usr/lib/cni";
    public string CniConfDir { get; init; } = "/etc/cni/net.d";

    /// <summary>The pause image every pod sandbox runs (containerd's sandbox_image).</summary>
    public string SandboxImage { get; init; } = "registry.k8s.io/pause:3.10";

    /// <summary>The handler used when RunPodSandbox's runtime_handler is empty.</summary>
    public string DefaultRuntime { get; init; } = "minirunc";

    /// <summary>
    /// Where the streaming server (Exec, PortForward URLs) listens, host:port; port 0 picks a free one. containerd's
    /// stream_server_address and stream_server_port; loopback by default, since only the kubelet on this node connects.
    /// </summary>
    public string StreamServerAddress { get; init; } = "127.0.0.1:0";

    public int Verbosity { get; init; }

    /// <summary>The OCI runtimes a pod may choose through runtime_handler (RuntimeClass.handler).</summary>
    public static readonly IReadOnlyList<string> KnownRuntimes = ["minirunc", "runc", "crun"];

    /// <summary>The path of the unix socket, from <see cref="Listen"/>.</summary>
    public string SocketPath => Listen.StartsWith("unix://", StringComparison.Ordinal) ? Listen["unix://".Length..] : Listen;

    /// <summary>Every problem with these options, so the operator can fix them all at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Listen.StartsWith("unix://", StringComparison.Ordinal) || SocketPath.Length == 0 || !Path.IsPathRooted(SocketPath))
            problems.Add($"--listen: \"{Listen}\" is not a unix socket address like unix:///run/minikube/runtime.sock (only unix sockets are supported)");
        else if (SocketPath.Length > 107)
            problems.Add($"--listen: the socket path \"{SocketPath}\" is longer than the 107 bytes a unix socket address can hold; choose a shorter path");
        if (!Path.IsPathRooted(Root)) problems.Add($"--root: \"{Root}\" must be an absolute path");
        if (!Path.IsPathRooted(State)) problems.Add($"--state: \"{State}\" must be an absolute path");
        if (Path.IsPathRooted(Root) && Path.IsPathRooted(State) && Path.GetFullPath(Root) == Path.GetFullPath(State))
            problems.Add("--root and --state must be different directories");
        if (RegistryConfig is not null && !File.Exists(RegistryConfig))
            problems.Add($"--registry-config: \"{RegistryConfig}\" does not exist");
        if (!Path.IsPathRooted(CniBinDir)) problems.Add($"--cni-bin-dir: \"{CniBinDir}\" must be an absolute path");
        if (!Path.IsPathRooted(CniConfDir)) problems.Add($"--cni-conf-dir: \"{CniConfDir}\" must be an absolute path");
        if (!Images.ImageReference.TryParse(SandboxImage, out _, out var error))
            problems.Add($"--sandbox-image: \"{SandboxImage}\" is not an image reference: {error}");
        if (!KnownRuntimes.Contains(DefaultRuntime))
            problems.Add($"--default-runtime: \"{DefaultRuntime}\" is not one of {string.Join(", ", KnownRuntimes)}");
        if (!System.Net.IPEndPoint.TryParse(StreamServerAddress, out _) || !StreamServerAddress.Contains(':', StringComparison.Ordinal))
            problems.Add($"--stream-server-address: \"{StreamServerAddress}\" is not an address like 127.0.0.1:0 (an IP and a port)");
        return problems;
    }
}
