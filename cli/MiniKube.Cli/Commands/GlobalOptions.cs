using System.CommandLine;

namespace MiniKube.Cli.Commands;

/// <summary>
/// The flags every minictl command accepts, with kubectl's names: which kubeconfig and context to use, which
/// namespace, and how much to log (<c>-v=6</c> shows every HTTP request, as kubectl does).
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl/
/// </summary>
public sealed class GlobalOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path to the kubeconfig file to use for CLI requests (default: $KUBECONFIG, then ~/.kube/config).",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The name of the kubeconfig context to use (default: the file's current-context).",
        Recursive = true,
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "If present, the namespace scope for this CLI request (default: the context's namespace, else \"default\").",
        Recursive = true,
    };

    public Option<int> Verbosity { get; } = new("--v", "-v")
    {
        Description = "Log level: 1 shows stack traces on errors, 6 every HTTP request, 8 response bodies too.",
        DefaultValueFactory = _ => 0,
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Kubeconfig);
        root.Options.Add(Context);
        root.Options.Add(Namespace);
        root.Options.Add(Verbosity);
    }
}
