using k8s;
using k8s.Models;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// One informer per resource type, shared by every controller in a process, like client-go's
/// <c>SharedInformerFactory</c>: the Deployment, ReplicaSet and garbage-collector controllers all read pods, but the
/// controller manager lists and watches pods once and keeps one cache. Controllers ask for their informers in their
/// constructors (which registers them), then <see cref="Start"/> runs every informer asked for so far.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
/// </summary>
public sealed class SharedInformerFactory(Kubernetes client)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Type, IRunnable> _informers = [];
    private readonly HashSet<Type> _started = [];

    /// <summary>The client the informers list and watch with; controllers write through it too.</summary>
    public Kubernetes Client { get; } = client;

    /// <summary>The shared informer for every <typeparamref name="T"/> in all namespaces (created on first use).</summary>
    public Informer<T> InformerFor<T>() where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_lock)
        {
            if (!_informers.TryGetValue(typeof(T), out var runnable))
            {
                runnable = new Runnable<T>(new Informer<T>(Client));
                _informers[typeof(T)] = runnable;
            }
            return ((Runnable<T>)runnable).Informer;
        }
    }

    /// <summary>
    /// Starts, in the background, every informer created so far and not yet started (client-go's <c>Start</c>:
    /// safe to call again after more informers were asked for). They run until <paramref name="cancellationToken"/>
    /// is cancelled.
    /// </summary>
    public void Start(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var (type, runnable) in _informers)
            {
                if (_started.Add(type)) _ = Task.Run(() => runnable.RunAsync(cancellationToken), CancellationToken.None);
            }
        }
    }

    /// <summary>Waits until every started informer has its first list in the cache.</summary>
    public Task WaitForCacheSyncAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.WhenAll(_informers.Where(i => _started.Contains(i.Key)).Select(i => i.Value.WaitForCacheSyncAsync(cancellationToken)));
        }
    }

    // The informers are generic; this lets the factory hold them in one dictionary.
    private interface IRunnable
    {
        Task RunAsync(CancellationToken cancellationToken);
        Task WaitForCacheSyncAsync(CancellationToken cancellationToken);
    }

    private sealed class Runnable<T>(Informer<T> informer) : IRunnable where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public Informer<T> Informer { get; } = informer;
        public Task RunAsync(CancellationToken cancellationToken) => Informer.RunAsync(cancellationToken);
        public Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => Informer.WaitForCacheSyncAsync(cancellationToken);
    }
}
