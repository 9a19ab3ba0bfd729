using k8s.Models;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry.Resources;

namespace MiniKube.ApiServer.Admission;

/// <summary>
/// DefaultTolerationSeconds: gives every new Pod that does not say otherwise a 300-second toleration of the
/// <c>node.kubernetes.io/not-ready</c> and <c>node.kubernetes.io/unreachable</c> NoExecute taints. The node lifecycle
/// controller puts those taints on a node whose kubelet stopped reporting, and the taint-eviction controller deletes
/// pods that do not tolerate them; this is why a Pod on a dead node is evicted about five minutes later rather than
/// at once: a short network blip should not reschedule the whole node.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#defaulttolerationseconds
/// Upstream difference: kube-apiserver's --default-not-ready-toleration-seconds and
/// --default-unreachable-toleration-seconds flags are not offered; both are 300.
/// </summary>
public sealed class DefaultTolerationSeconds : IMutatingAdmissionPlugin
{
    public const string PluginName = "DefaultTolerationSeconds";

    public const string TaintNodeNotReady = "node.kubernetes.io/not-ready";
    public const string TaintNodeUnreachable = "node.kubernetes.io/unreachable";
    public const long DefaultNotReadyTolerationSeconds = 300;
    public const long DefaultUnreachableTolerationSeconds = 300;

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation == AdmissionOperation.Create;

    public Task AdmitAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        // Only the Pod itself: not its subresources, not templates inside workloads (those get it when their Pods are created).
        if (request.Resource != Pods.Definition || request.Info.Subresource.Length > 0 || request.Object is not V1Pod { Spec: { } spec })
        {
            return Task.CompletedTask;
        }
        var tolerations = spec.Tolerations ?? [];
        // A toleration with an empty key (with operator Exists) or an empty effect covers the taint as well.
        bool Tolerates(string key) => tolerations.Any(t =>
            (string.IsNullOrEmpty(t.Key) || t.Key == key) && (string.IsNullOrEmpty(t.Effect) || t.Effect == "NoExecute"));
        var toleratesNotReady = Tolerates(TaintNodeNotReady);
        var toleratesUnreachable = Tolerates(TaintNodeUnreachable);
        if (toleratesNotReady && toleratesUnreachable) return Task.CompletedTask;

        var added = tolerations.ToList();
        if (!toleratesNotReady)
        {
            added.Add(new V1Toleration { Key = TaintNodeNotReady, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = DefaultNotReadyTolerationSeconds });
        }
        if (!toleratesUnreachable)
        {
            added.Add(new V1Toleration { Key = TaintNodeUnreachable, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = DefaultUnreachableTolerationSeconds });
        }
        spec.Tolerations = added;
        return Task.CompletedTask;
    }
}
