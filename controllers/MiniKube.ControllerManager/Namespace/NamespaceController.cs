using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;
using MiniKube.ApiMachinery.Controllers;

namespace MiniKube.ControllerManager.Namespace;

/// <summary>
/// The namespace controller: deleting a Namespace only marks it Terminating (it keeps the "kubernetes" finalizer
/// in spec.finalizers); this controller then deletes everything inside it, waits until nothing is left, and removes
/// the finalizer through namespaces/{name}/finalize, at which point the API server removes the namespace. That is
/// why <c>kubectl delete namespace</c> can take a while: it waits for the namespace's content to go first.
/// Concept: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#deleting-a-namespace
/// </summary>
public sealed partial class NamespaceController : Controller
{
    public const string ControllerName = "namespace-controller";

    private readonly Informer<V1Namespace> _namespaces;
    private readonly NamespacedResourcesDeleter _deleter;
    private readonly ILogger _logger;

    public NamespaceController(ControllerContext context)
        : base(ControllerName, context.LoggerFactory.CreateLogger<NamespaceController>())
    {
        _logger = context.LoggerFactory.CreateLogger<NamespaceController>();
        _deleter = new NamespacedResourcesDeleter(context.Client, _logger);
        _namespaces = context.Informers.InformerFor<V1Namespace>();
        _namespaces.AddEventHandler(new ResourceEventHandler<V1Namespace>
        {
            OnAdd = EnqueueIfDeleting,
            OnUpdate = (_, ns) => EnqueueIfDeleting(ns),
        });
    }

    private void EnqueueIfDeleting(V1Namespace ns)
    {
        if (ns.Metadata.DeletionTimestamp is not null) Queue.Add(ns.Metadata.Name);
    }

    protected override Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => _namespaces.WaitForCacheSyncAsync(cancellationToken);

    protected override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var remaining = await _deleter.DeleteAsync(key, cancellationToken);
        if (remaining is { } estimate)
        {
            // Content is still going away (graceful pod termination, finalizers). We do not watch every type, so
            // look again later: upstream waits half the estimate plus a second.
            var wait = TimeSpan.FromSeconds(estimate / 2 + 1);
            Log.ContentRemaining(_logger, key, wait.TotalSeconds);
            Queue.AddAfter(key, wait);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2731, Level = LogLevel.Information, Message = "Content remains in namespace {Namespace}; checking again in {Seconds}s")]
        public static partial void ContentRemaining(ILogger logger, string @namespace, double seconds);
    }
}
