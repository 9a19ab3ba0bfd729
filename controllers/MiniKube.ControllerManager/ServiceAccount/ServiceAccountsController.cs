using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;
using MiniKube.ApiMachinery.Errors;

namespace MiniKube.ControllerManager.ServiceAccount;

/// <summary>
/// The service account controller: every namespace has a ServiceAccount named <c>default</c>, which Pods that name
/// no other account run as. It is created when a namespace appears and created again if someone deletes it; a
/// namespace that is being deleted gets none (it could not be created there anyway).
/// Concept: https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
/// </summary>
public sealed partial class ServiceAccountsController : Controller
{
    public const string ControllerName = "serviceaccount-controller";
    public const string DefaultServiceAccountName = "default";

    private readonly Kubernetes _client;
    private readonly Informer<V1ServiceAccount> _serviceAccounts;
    private readonly Informer<V1Namespace> _namespaces;
    private readonly ILogger _logger;

    public ServiceAccountsController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<ServiceAccountsController>())
    {
        _client = context.Client;
        _logger = context.LoggerFactory.CreateLogger<ServiceAccountsController>();
        _serviceAccounts = context.Informers.InformerFor<V1ServiceAccount>();
        _namespaces = context.Informers.InformerFor<V1Namespace>();
        // The key is the namespace's name: "does this namespace have its default account?"
        _namespaces.AddEventHandler(new ResourceEventHandler<V1Namespace>
        {
            OnAdd = ns => Queue.Add(ns.Metadata.Name),
            OnUpdate = (_, ns) => Queue.Add(ns.Metadata.Name),
        });
        _serviceAccounts.AddEventHandler(new ResourceEventHandler<V1ServiceAccount>
        {
            // Only a deletion can take the account away; creations and updates need no work.
            OnDelete = sa => Queue.Add(sa.Metadata.NamespaceProperty),
        });
    }

    protected override Task WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_serviceAccounts.WaitForCacheSyncAsync(cancellationToken), _namespaces.WaitForCacheSyncAsync(cancellationToken));

    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var ns = _namespaces.Indexer.Get(null, key);
        // Gone, or Terminating: the namespace controller is emptying it, so adding to it would be wrong (and refused).
        if (ns is null || ns.Metadata.DeletionTimestamp is not null || ns.Status?.Phase is "Terminating") return;
        if (_serviceAccounts.Indexer.Get(key, DefaultServiceAccountName) is not null) return;
        try
        {
            await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
            {
                Metadata = new V1ObjectMeta { Name = DefaultServiceAccountName, NamespaceProperty = key },
            }, key, cancellationToken: cancellationToken);
            Log.Created(_logger, key);
        }
        catch (Exception ex) when (ApiErrors.IsAlreadyExists(ex))
        {
            // Our cache is behind: it exists already, which is all we wanted.
        }
        catch (Exception ex) when (ApiErrors.IsForbidden(ex) || ApiErrors.IsNotFound(ex))
        {
            // The namespace started terminating, or vanished, after our cache saw it: nothing to do.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2791, Level = LogLevel.Information, Message = "Created ServiceAccount {Namespace}/default")]
        public static partial void Created(ILogger logger, string @namespace);
    }
}
