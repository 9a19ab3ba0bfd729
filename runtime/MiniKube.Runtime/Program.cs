using System.CommandLine;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MiniKube.Runtime;
using MiniKube.Runtime.Cri;
using MiniKube.Runtime.Images;
using MiniKube.Runtime.Interop;
using MiniKube.Runtime.Network;
using MiniKube.Runtime.Oci;
using MiniKube.Runtime.Snapshots;
using MiniKube.Runtime.Store;

// minikube-runtime: a CRI runtime.v1 server on a unix socket (containerd's CRI plugin, in small). See RuntimeOptions.
var defaults = new RuntimeOptions();
var listen = new Option<string>("--listen") { Description = "The CRI endpoint to serve: a unix socket the kubelet dials with --container-runtime-endpoint.", DefaultValueFactory = _ => defaults.Listen };
var root = new Option<string>("--root") { Description = "Persistent data: the content store, image records and unpacked snapshots. Must survive reboots, or every image is pulled again.", DefaultValueFactory = _ => defaults.Root };
var state = new Option<string>("--state") { Description = "Runtime state (sandboxes, containers, mounts) that is meaningless after a reboot.", DefaultValueFactory = _ => defaults.State };
var registryConfig = new Option<string?>("--registry-config") { Description = "A k3s-style registries.yaml: mirrors (endpoint lists tried before the registry, http:// allowed) and configs (auth and tls per registry host)." };
var cniBinDir = new Option<string>("--cni-bin-dir") { Description = "Where the CNI plugin binaries are.", DefaultValueFactory = _ => defaults.CniBinDir };
var cniConfDir = new Option<string>("--cni-conf-dir") { Description = "Where the CNI network configuration (.conflist) is; the first file in lexical order is used.", DefaultValueFactory = _ => defaults.CniConfDir };
var sandboxImage = new Option<string>("--sandbox-image") { Description = "The image of the pause process that holds each pod's namespaces.", DefaultValueFactory = _ => defaults.SandboxImage };
var defaultRuntime = new Option<string>("--default-runtime") { Description = "The OCI runtime for sandboxes whose runtime_handler is empty (minirunc, runc or crun).", DefaultValueFactory = _ => defaults.DefaultRuntime };
var streamServerAddress = new Option<string>("--stream-server-address") { Description = "Where the streaming server for Exec and PortForward listens (ip:port; port 0 picks a free port).", DefaultValueFactory = _ => defaults.StreamServerAddress };
var verbosity = new Option<int>("--v", "-v") { Description = "Log level: 0-3 Information, 4 and above Debug (every RPC, blob and token).", DefaultValueFactory = _ => 0 };

var command = new RootCommand("minikube-runtime: a CRI container runtime that pulls OCI images and runs pods through an OCI runtime")
{
    listen, root, state, registryConfig, cniBinDir, cniConfDir, sandboxImage, defaultRuntime, streamServerAddress, verbosity,
};
command.SetAction(async (parse, cancellationToken) =>
{
    var options = new RuntimeOptions
    {
        Listen = parse.GetValue(listen)!,
        Root = parse.GetValue(root)!,
        State = parse.GetValue(state)!,
        RegistryConfig = parse.GetValue(registryConfig),
        CniBinDir = parse.GetValue(cniBinDir)!,
        CniConfDir = parse.GetValue(cniConfDir)!,
        SandboxImage = parse.GetValue(sandboxImage)!,
        DefaultRuntime = parse.GetValue(defaultRuntime)!,
        StreamServerAddress = parse.GetValue(streamServerAddress)!,
        Verbosity = parse.GetValue(verbosity),
    };
    var problems = options.Validate().ToList();
    var registries = RegistryConfig.Empty;
    if (options.RegistryConfig is { } file && File.Exists(file))
    {
        try
        {
            registries = RegistryConfig.Load(file);
            problems.AddRange(registries.Validate().Select(p => $"--registry-config {file}: {p}"));
        }
        catch (InvalidArgumentException ex) { problems.Add($"--registry-config: {ex.Message}"); }
    }
    if (problems.Count > 0)
    {
        foreach (var problem in problems) await Console.Error.WriteLineAsync($"Error: {problem}");
        return 1;
    }
    return await RunAsync(options, registries, cancellationToken);
});
return await command.Parse(args).InvokeAsync();

static async Task<int> RunAsync(RuntimeOptions options, RegistryConfig registries, CancellationToken cancellationToken)
{
    Directory.CreateDirectory(options.Root);
    Directory.CreateDirectory(options.State);
    Directory.CreateDirectory(Path.GetDirectoryName(options.SocketPath)!);
    // A socket file left by a previous run (crash, SIGKILL) would make the bind fail.
    File.Delete(options.SocketPath);
    // Pause processes are orphaned when `runc create` exits; as their subreaper we inherit them and can collect their
    // exit codes. (Containers' inits have their own subreaper: their shim, Oci/ContainerShim.cs.)
    Libc.BecomeSubreaper();

    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
    builder.Logging.SetMinimumLevel(options.Verbosity >= 4 ? LogLevel.Debug : LogLevel.Information);
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Logging.AddFilter("Grpc", LogLevel.Warning);
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.ListenUnixSocket(options.SocketPath, o => o.Protocols = HttpProtocols.Http2);
        // The streaming server: plain HTTP/1.1 for the WebSocket upgrade (containerd's stream server is plain http too).
        kestrel.Listen(System.Net.IPEndPoint.Parse(options.StreamServerAddress), o => o.Protocols = HttpProtocols.Http1);
    });
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(registries);
    builder.Services.AddSingleton<RegistryHttpClients>();
    builder.Services.AddSingleton(sp => new ContentStore(options.Root, sp.GetRequiredService<ILogger<ContentStore>>()));
    builder.Services.AddSingleton(_ => new ImageStore(options.Root));
    builder.Services.AddSingleton<LayerUnpacker>();
    builder.Services.AddSingleton(sp => new Snapshotter(options.Root, sp.GetRequiredService<LayerUnpacker>(), sp.GetRequiredService<ILogger<Snapshotter>>()));
    builder.Services.AddSingleton<ImagePuller>();
    builder.Services.AddSingleton<ContainerStore>();
    builder.Services.AddSingleton<SandboxStore>();
    builder.Services.AddSingleton<OciRuntimes>();
    builder.Services.AddSingleton<CniNetwork>();
    builder.Services.AddSingleton<CriInterceptor>();
    builder.Services.AddSingleton<EventMonitor>();
    builder.Services.AddSingleton<Recovery>();
    builder.Services.AddSingleton<MiniKube.Runtime.Streaming.StreamServer>();
    builder.Services.AddGrpc(grpc =>
    {
        grpc.Interceptors.Add<CriInterceptor>();
        grpc.MaxReceiveMessageSize = 16 << 20;
    });

    var app = builder.Build();
    // Open the stores now: they clean up what a crash left half-written (ingest files, half-unpacked snapshots).
    app.Services.GetRequiredService<ContentStore>();
    app.Services.GetRequiredService<ImageStore>();
    app.Services.GetRequiredService<Snapshotter>();
    // Pods survive a restart of the runtime: take them back before answering the kubelet.
    await app.Services.GetRequiredService<Recovery>().RecoverAsync(cancellationToken);
    app.MapGrpcService<RuntimeService>();
    app.MapGrpcService<ImageService>();
    var streams = app.Services.GetRequiredService<MiniKube.Runtime.Streaming.StreamServer>();
    streams.Map(app);
    app.MapGrpcService<ImagesService>();   // MiniKube's own image API (import), beside the CRI
    await app.StartAsync(cancellationToken);
    // Port 0 became a real port only now.
    var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
    streams.BaseUrl = addresses.First(a => !a.Contains("unix:", StringComparison.Ordinal)).TrimEnd('/');
    app.Logger.LogInformation("minikube-runtime serving CRI {ApiVersion} on {Socket} (root {Root}, state {State}), streaming on {StreamServer}",
        RuntimeService.RuntimeApiVersion, options.SocketPath, options.Root, options.State, streams.BaseUrl);
    await app.WaitForShutdownAsync(cancellationToken);
    File.Delete(options.SocketPath);
    return 0;
}
