using System.Text.Json;
using Grpc.Core;
using V1 = MiniKube.Cri.V1;

namespace MiniKube.Runtime.Cri;

public sealed partial class RuntimeService
{
    public const string RuntimeReady = "RuntimeReady";
    public const string NetworkReady = "NetworkReady";
    public const string NetworkPluginNotReady = "NetworkPluginNotReady";

    /// <summary>
    /// The two conditions the kubelet turns into the Node's Ready condition: RuntimeReady (we answer, so yes) and
    /// NetworkReady (a CNI network config exists in --cni-conf-dir), plus the runtime handlers found on this machine.
    /// </summary>
    public override Task<V1.StatusResponse> Status(V1.StatusRequest request, ServerCallContext context)
    {
        var response = new V1.StatusResponse { Status = new V1.RuntimeStatus() };
        response.Status.Conditions.Add(new V1.RuntimeCondition { Type = RuntimeReady, Status = true });
        var networkConfig = Directory.Exists(options.CniConfDir)
            ? Directory.EnumerateFiles(options.CniConfDir).Where(f => Path.GetExtension(f) is ".conflist" or ".conf" or ".json").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
        response.Status.Conditions.Add(networkConfig is not null
            ? new V1.RuntimeCondition { Type = NetworkReady, Status = true }
            : new V1.RuntimeCondition
            {
                Type = NetworkReady,
                Status = false,
                Reason = NetworkPluginNotReady,
                Message = $"Network plugin returns error: cni plugin not initialized (no network config in {options.CniConfDir})",
            });
        // "" is the default handler, then every OCI runtime binary we can find.
        response.RuntimeHandlers.Add(new V1.RuntimeHandler { Name = "", Features = new V1.RuntimeHandlerFeatures() });
        foreach (var handler in RuntimeOptions.KnownRuntimes.Where(h => FindOnPath(h) is not null))
            response.RuntimeHandlers.Add(new V1.RuntimeHandler { Name = handler, Features = new V1.RuntimeHandlerFeatures() });
        response.Features = new V1.RuntimeFeatures();
        if (request.Verbose) response.Info["config"] = JsonSerializer.Serialize(options);
        return Task.FromResult(response);
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, tool)).FirstOrDefault(File.Exists);
}
