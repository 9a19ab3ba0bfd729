using k8s.Models;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Registry.Resources;
using EndpointsResource = MiniKube.ApiServer.Registry.Resources.Endpoints;

namespace MiniKube.ApiServer;

/// <summary>
/// The <c>kubernetes</c> Service in the default namespace, on the first ClusterIP, with Endpoints pointing at this API
/// server: how Pods find the API (through the KUBERNETES_SERVICE_HOST variable and DNS). Upstream's API server
/// keeps both up to date itself; so do we, at every start.
/// Concept: https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/#directly-accessing-the-rest-api
/// </summary>
public static class KubernetesService
{
    public const string Name = "kubernetes";

    public static async Task EnsureAsync(RegistryStore store, ResourceDefinition services, ServiceIPAllocator serviceIPs, ApiServerOptions options,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(services, "default", Name, cancellationToken) is null)
        {
            var service = new V1Service
            {
                Metadata = NewMetadata(new Dictionary<string, string> { ["component"] = "apiserver", ["provider"] = "kubernetes" }),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    ClusterIP = serviceIPs.First,
                    SessionAffinity = "None",
                    Ports = [new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP", TargetPort = options.SecurePort }],
                },
            };
            services.Strategy.PrepareForCreate(service, hasStatusSubresource: true);
            await services.Strategy.BeforeCreateAsync(service, store, cancellationToken);
            await CreateIgnoringRaceAsync(store, services, service, cancellationToken);
        }

        // The Endpoints always name this server's current address and port.
        var endpoints = new V1Endpoints
        {
            Metadata = NewMetadata(new Dictionary<string, string> { ["endpointslice.kubernetes.io/skip-mirror"] = "true" }),
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = options.BindAddress == "0.0.0.0" ? "127.0.0.1" : options.BindAddress }],
                    Ports = [new Corev1EndpointPort { Name = "https", Port = options.SecurePort, Protocol = "TCP" }],
                },
            ],
        };
        var current = await store.GetAsync(EndpointsResource.Definition, "default", Name, cancellationToken);
        if (current is null)
        {
            await CreateIgnoringRaceAsync(store, EndpointsResource.Definition, endpoints, cancellationToken);
        }
        else if (!ObjectCodec.Serialize(((V1Endpoints)current).Subsets).Equals(ObjectCodec.Serialize(endpoints.Subsets), StringComparison.Ordinal))
        {
            var updated = (V1Endpoints)ObjectCodec.Clone(current);
            updated.Subsets = endpoints.Subsets;
            await store.UpdateAsync(EndpointsResource.Definition, updated, RegistryStore.ParseResourceVersion(current.Metadata.ResourceVersion), cancellationToken);
        }
    }

    private static V1ObjectMeta NewMetadata(Dictionary<string, string> labels) => new()
    {
        Name = Name,
        NamespaceProperty = "default",
        Labels = labels,
        Uid = Guid.NewGuid().ToString(),
        CreationTimestamp = MiniKube.ApiServer.Endpoints.DateTimeTruncation.Truncate(DateTime.UtcNow),
    };

    private static async Task CreateIgnoringRaceAsync(RegistryStore store, ResourceDefinition resource, k8s.IKubernetesObject<V1ObjectMeta> obj,
        CancellationToken cancellationToken)
    {
        try
        {
            await store.CreateAsync(resource, obj, cancellationToken);
        }
        catch (StatusException ex) when (ex.Status.Reason == "AlreadyExists")
        {
            // Another API server on the same store was faster: fine.
        }
    }
}
