using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Admission;
using MiniKube.ApiServer.Endpoints;
using MiniKube.ApiServer.OpenApi;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Storage;
using MiniKube.ApiServer.Storage.Etcd3;
using MiniKube.ApiServer.Storage.Sqlite;

namespace MiniKube.ApiServer;

/// <summary>
/// Wires the API server together and serves it over HTTPS (HTTP/2 and HTTP/1.1): storage, the resource registry,
/// the request pipeline, the REST handlers, discovery, OpenAPI, health and version endpoints.
/// </summary>
public static partial class ApiServerHost
{
    /// <summary>The Kubernetes version whose API we follow; kubectl's version-skew check and its dispatcher read it.</summary>
    public const string KubernetesMajor = "1";
    public const string KubernetesMinor = "33";
    public const string GitVersion = "v1.33.0-minikube";

    public static async Task<int> RunAsync(ApiServerOptions options, CancellationToken cancellationToken)
    {
        await using var storage = OpenStorage(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(options.Verbosity >= 4 ? LogLevel.Debug : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        var certificate = ServingCertificate.LoadOrCreate(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // RequestBody enforces the 3 MiB limit with a proper 413 Status
            kestrel.Listen(System.Net.IPAddress.Parse(options.BindAddress), options.SecurePort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
        });

        var serviceIPs = new ServiceIPAllocator(options.ServiceClusterIPRange);
        var registry = ResourceRegistry.Builtin(serviceIPs);
        var store = new RegistryStore(storage);
        var enabled = options.EnableAdmissionPlugins;
        var priority = new Priority(store);
        // Each phase runs its plugins in upstream's order (kube-apiserver's AllOrderedPlugins).
        var admission = new AdmissionPlugins(
            [
                .. enabled.Contains(DefaultTolerationSeconds.PluginName) ? [new DefaultTolerationSeconds()] : Array.Empty<IMutatingAdmissionPlugin>(),
                .. enabled.Contains(Priority.PluginName) ? [priority] : Array.Empty<IMutatingAdmissionPlugin>(),
            ],
            [
                .. enabled.Contains(NamespaceLifecycle.PluginName) ? [new NamespaceLifecycle(store)] : Array.Empty<IValidatingAdmissionPlugin>(),
                .. enabled.Contains(Priority.PluginName) ? [priority] : Array.Empty<IValidatingAdmissionPlugin>(),
            ]);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IStorage>(storage);
        builder.Services.AddSingleton(RequestPipeline.Create(admission));
        builder.Services.AddSingleton(new ComponentHealth(storage, ComponentHealth.DefaultComponents));
        builder.Services.AddSingleton<ResourceHandler>();
        builder.Services.AddSingleton(new Discovery(registry, $"{options.BindAddress}:{options.SecurePort}"));
        builder.Services.AddSingleton(_ => new OpenApiDocuments(registry.Resources.Select(r =>
            new OpenApiResource(r.Group, r.Version, r.Kind, r.Plural, r.Namespaced, r.ModelType, r.ListModelType, r.Verbs, r.Subresources))));
        builder.Services.AddHostedService(sp => new Compactor(storage, options.EtcdCompactionInterval, sp.GetRequiredService<ILogger<Compactor>>()));

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("minikube-apiserver");
        await SystemNamespaces.EnsureAsync(store, cancellationToken);
        await SystemPriorityClasses.EnsureAsync(store, cancellationToken);
        await KubernetesService.EnsureAsync(store, registry.Find("", "v1", "services")!, serviceIPs, options, cancellationToken);
        // Build the OpenAPI documents before serving, so the first `kubectl apply` does not wait for them.
        _ = app.Services.GetRequiredService<OpenApiDocuments>();
        app.Run(context => ServeAsync(context, app.Services, logger));
        Started(logger, options.BindAddress, options.SecurePort, options.StorageBackend);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static IStorage OpenStorage(ApiServerOptions options)
    {
        if (options.StorageBackend == "sqlite")
        {
            Directory.CreateDirectory(options.DataDir);
            return new SqliteStorage(Path.Combine(options.DataDir, "minikube.db"));
        }
        return new Etcd3Storage(string.Join(",", options.EtcdServers));
    }

    /// <summary>The top of the handler chain: route non-resource paths, send the rest to the REST handlers, and turn
    /// every error into a Status (never a stack trace).</summary>
    private static async Task ServeAsync(HttpContext context, IServiceProvider services, ILogger logger)
    {
        context.Response.Headers["Audit-Id"] = context.TraceIdentifier;
        try
        {
            var path = context.Request.Path.Value ?? "/";
            var info = RequestInfo.Parse(context.Request.Method, path, context.Request.Query["watch"] is var w && (w == "true" || w == "1"));
            if (info.IsResourceRequest)
            {
                await services.GetRequiredService<ResourceHandler>().HandleAsync(context, info);
                return;
            }
            await ServeNonResourceAsync(context, services, path);
        }
        catch (StatusException ex)
        {
            await ResponseWriter.WriteStatusAsync(context, ex.Status);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex)
        {
            UnhandledError(logger, context.Request.Method, context.Request.Path, ex);
            await ResponseWriter.WriteStatusAsync(context, StatusErrors.InternalError(ex.Message));
        }
    }

    private static async Task ServeNonResourceAsync(HttpContext context, IServiceProvider services, string path)
    {
        var discovery = services.GetRequiredService<Discovery>();
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            throw new StatusException(path is "/api" or "/apis" or "/version" || path.StartsWith("/api", StringComparison.Ordinal)
                ? StatusErrors.MethodNotAllowed() : StatusErrors.NotFoundPath());
        }
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (parts)
        {
            case ["version"]:
                await ResponseWriter.WriteObjectAsync(context, new JsonObject
                {
                    ["major"] = KubernetesMajor,
                    ["minor"] = KubernetesMinor,
                    ["gitVersion"] = GitVersion,
                    ["gitCommit"] = "0000000000000000000000000000000000000000",
                    ["gitTreeState"] = "clean",
                    ["buildDate"] = "2026-01-01T00:00:00Z",
                    ["goVersion"] = $"dotnet{Environment.Version}",
                    ["compiler"] = "dotnet",
                    ["platform"] = "linux/amd64",
                }, 200);
                return;
            case ["healthz"] or ["livez"] or ["readyz"]:
                await HealthAsync(context, services.GetRequiredService<IStorage>(), parts[0]);
                return;
            case ["api"]:
                var coreShape = Negotiation.Choose(context.Request.Headers.Accept, allowTable: false, allowAggregatedDiscovery: true);
                await WriteDiscoveryAsync(context, coreShape, discovery.ApiVersions(), v => discovery.Aggregated(coreGroup: true, v));
                return;
            case ["apis"]:
                var groupsShape = Negotiation.Choose(context.Request.Headers.Accept, allowTable: false, allowAggregatedDiscovery: true);
                await WriteDiscoveryAsync(context, groupsShape, discovery.ApiGroupList(), v => discovery.Aggregated(coreGroup: false, v));
                return;
            case ["api", var version]:
                await ResponseWriter.WriteObjectAsync(context, discovery.ApiResourceList("", version) ?? throw new StatusException(StatusErrors.NotFoundPath()), 200);
                return;
            case ["apis", var group]:
                await ResponseWriter.WriteObjectAsync(context, discovery.ApiGroup(group) ?? throw new StatusException(StatusErrors.NotFoundPath()), 200);
                return;
            case ["apis", var group, var version]:
                await ResponseWriter.WriteObjectAsync(context, discovery.ApiResourceList(group, version) ?? throw new StatusException(StatusErrors.NotFoundPath()), 200);
                return;
            case ["openapi", "v2"]:
                var openApi = services.GetRequiredService<OpenApiDocuments>();
                var accept = context.Request.Headers.Accept.ToString();
                if (accept.Contains(OpenApiDocuments.V2ProtobufAcceptType, StringComparison.Ordinal))
                {
                    await ResponseWriter.WriteBytesAsync(context, openApi.V2Protobuf(), OpenApiDocuments.V2ProtobufContentType);
                }
                else
                {
                    await ResponseWriter.WriteBytesAsync(context, openApi.V2Json(), "application/json");
                }
                return;
            case ["openapi", "v3"]:
                await ResponseWriter.WriteBytesAsync(context, services.GetRequiredService<OpenApiDocuments>().V3Index(), "application/json");
                return;
            case ["openapi", "v3", ..]:
                var document = services.GetRequiredService<OpenApiDocuments>().V3GroupVersion(string.Join('/', parts[2..]))
                    ?? throw new StatusException(StatusErrors.NotFoundPath());
                await ResponseWriter.WriteBytesAsync(context, document, "application/json");
                return;
            case []:
                await ResponseWriter.WriteObjectAsync(context, new JsonObject
                {
                    ["paths"] = new JsonArray("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v2", "/openapi/v3", "/readyz", "/version"),
                }, 200);
                return;
            default:
                throw new StatusException(StatusErrors.NotFoundPath());
        }
    }

    private static async Task WriteDiscoveryAsync(HttpContext context, ResponseShape shape, JsonObject legacy, Func<string, JsonObject> aggregated)
    {
        switch (shape)
        {
            case ResponseShape.AggregatedDiscoveryV2:
                // The client tells the aggregated form from the legacy one by these Content-Type parameters.
                await ResponseWriter.WriteObjectAsync(context, aggregated("v2"), 200, shape: ResponseShape.Json,
                    contentType: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
                break;
            case ResponseShape.AggregatedDiscoveryV2Beta1:
                await ResponseWriter.WriteObjectAsync(context, aggregated("v2beta1"), 200, shape: ResponseShape.Json,
                    contentType: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
                break;
            default:
                await ResponseWriter.WriteObjectAsync(context, legacy, 200, shape);
                break;
        }
    }

    /// <summary>/healthz, /livez and /readyz: "ok", or 500 with the failing check (the store) named.</summary>
    private static async Task HealthAsync(HttpContext context, IStorage storage, string endpoint)
    {
        var (healthy, message) = endpoint == "livez" ? (true, "") : await storage.CheckHealthAsync(context.RequestAborted);
        var verbose = context.Request.Query.ContainsKey("verbose");
        context.Response.StatusCode = healthy ? 200 : 500;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var body = verbose
            ? $"[+]ping ok\n[{(healthy ? "+" : "-")}]etcd {(healthy ? "ok" : "failed: " + message)}\n{endpoint} check {(healthy ? "passed" : "failed")}\n"
            : healthy ? "ok" : $"[-]etcd failed: {message}\n{endpoint} check failed";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving the Kubernetes API securely on {Address}:{Port} with the {Backend} storage backend")]
    private static partial void Started(ILogger logger, string address, int port, string backend);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private static partial void UnhandledError(ILogger logger, string method, string? path, Exception exception);
}
