namespace MiniKube.Runtime.Oci;

/// <summary>
/// The runtime handlers this node offers (containerd's [plugins."io.containerd.grpc.v1.cri".containerd.runtimes]):
/// a RunPodSandbox's runtime_handler, or --default-runtime when it is empty, picks one. Each keeps its containers'
/// state under <c>--state/&lt;handler&gt;</c>.
/// Concept: https://kubernetes.io/docs/concepts/containers/runtime-class/
/// </summary>
public sealed class OciRuntimes(RuntimeOptions options)
{
    public OciRuntime Resolve(string runtimeHandler)
    {
        var handler = string.IsNullOrEmpty(runtimeHandler) ? options.DefaultRuntime : runtimeHandler;
        if (!RuntimeOptions.KnownRuntimes.Contains(handler))
            throw new InvalidArgumentException($"no runtime for \"{handler}\" is configured (known handlers: {string.Join(", ", RuntimeOptions.KnownRuntimes)})");
        var binary = Find(handler) ?? throw new FailedPreconditionException($"runtime handler \"{handler}\": the binary {handler} was not found on PATH");
        return new OciRuntime(handler, binary, Path.Join(options.State, handler));
    }

    /// <summary>On PATH, or beside our own program (bin/ when installed by `make build` as bin/lib/&lt;name&gt;/).</summary>
    public static string? Find(string handler)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "..", "..")));
        return dirs.Select(dir => Path.Join(dir, handler)).FirstOrDefault(File.Exists);
    }
}
