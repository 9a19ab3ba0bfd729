using k8s;
using Microsoft.Extensions.Logging;
using MiniKube.ApiMachinery.Client;

namespace MiniKube.ControllerManager;

/// <summary>
/// What every controller is built from (upstream: kube-controller-manager's <c>ControllerContext</c>): the client to
/// write with, the shared informers to read from, the options, and where logs and Events go.
/// </summary>
public sealed class ControllerContext(Kubernetes client, SharedInformerFactory informers, ControllerManagerOptions options, ILoggerFactory loggerFactory)
{
    public Kubernetes Client { get; } = client;
    public SharedInformerFactory Informers { get; } = informers;
    public ControllerManagerOptions Options { get; } = options;
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>An Event recorder reporting as <paramref name="component"/>, e.g. "replicaset-controller" (upstream names).</summary>
    public EventRecorder CreateEventRecorder(string component) => new(Client, component);
}
