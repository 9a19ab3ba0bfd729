using System.Text;
using System.Text.Json;

namespace MiniKube.Bench;

/// <summary>
/// The objects the benchmark writes: a small but realistic Pod (one container with a port and resource requests,
/// as a Deployment's pod template would have) and a small ConfigMap. Names are unique per write.
/// </summary>
internal static class BenchObjects
{
    public const string PodsNamespace = "bench";
    public const string WarmupNamespace = "bench-warmup";
    public const string WatchNamespace = "bench2";

    // Keys of the raw etcd peer: beside the API server's /registry/… keys, so neither sees the other's objects.
    public const string RawPrefix = "/bench-raw/";

    public static string PodJson(string ns, string name) => JsonSerializer.Serialize(new
    {
        apiVersion = "v1",
        kind = "Pod",
        metadata = new { name, @namespace = ns, labels = new Dictionary<string, string> { ["app"] = "bench", ["tier"] = "web" } },
        spec = new
        {
            containers = new[]
            {
                new
                {
                    name = "web",
                    image = "nginx:1.27",
                    ports = new[] { new { containerPort = 80, protocol = "TCP" } },
                    resources = new { requests = new Dictionary<string, string> { ["cpu"] = "100m", ["memory"] = "64Mi" } },
                },
            },
            restartPolicy = "Always",
        },
    });

    public static string ConfigMapJson(string ns, string name) => JsonSerializer.Serialize(new
    {
        apiVersion = "v1",
        kind = "ConfigMap",
        metadata = new { name, @namespace = ns },
        data = new Dictionary<string, string> { ["greeting"] = "hello", ["writer"] = "minikube-bench" },
    });

    public static string NamespaceJson(string name) => JsonSerializer.Serialize(new { apiVersion = "v1", kind = "Namespace", metadata = new { name } });

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
