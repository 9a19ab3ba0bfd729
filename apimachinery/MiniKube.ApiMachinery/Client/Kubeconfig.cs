using k8s;

namespace MiniKube.ApiMachinery.Client;

/// <summary>
/// Finds and reads the kubeconfig a component was given, like client-go's <c>clientcmd.BuildConfigFromFlags</c>:
/// <c>--kubeconfig</c>, then <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>. The file names the server, the CA to
/// trust and the component's own credential, so each binary connects as itself.
/// Concept: https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
/// Upstream difference: no in-cluster config (service account token) yet, and only the first file in $KUBECONFIG.
/// </summary>
public static class Kubeconfig
{
    public static KubernetesClientConfiguration Load(string? kubeconfigFlag, string? context = null) =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(ResolvePath(kubeconfigFlag), context);

    /// <summary>A ready client for the kubeconfig; <paramref name="userAgent"/> shows up in the API server's logs.</summary>
    public static Kubernetes CreateClient(string? kubeconfigFlag, string userAgent)
    {
        var config = Load(kubeconfigFlag);
        config.UserAgent = userAgent;
        return new Kubernetes(config);
    }

    public static string ResolvePath(string? kubeconfigFlag)
    {
        if (!string.IsNullOrEmpty(kubeconfigFlag)) return kubeconfigFlag;
        var fromEnvironment = (Environment.GetEnvironmentVariable("KUBECONFIG") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(File.Exists);
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return fromEnvironment ?? Path.Combine(home, ".kube", "config");
    }
}
