using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.E2E.Tests;

/// <summary>
/// `make up` and `make down`, the first thing a newcomer types: the scripts behind them start etcd and the API
/// server from bin/, apply the demo, write a kubeconfig that real kubectl uses, and stop and remove everything.
/// The test points them at its own directory and free ports, so a developer's own cluster is left alone.
/// </summary>
public sealed class LocalClusterTests(ITestOutputHelper output)
{
    [RequiresFact(Tools = ["etcd", "etcdctl", "kubectl", "curl"])]
    public async Task ClusterUp_StartsAClusterKubectlCanUse_AndClusterDownRemovesIt()
    {
        Repository.Program("minikube-apiserver");
        Repository.Program("minictl");
        Repository.Program("minikube-controller-manager");
        Repository.Program("minikube-scheduler");
        var runDir = Path.Join(Path.GetTempPath(), "minikube-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var etcdPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["MINIKUBE_RUN_DIR"] = runDir,
            ["MINIKUBE_APISERVER_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MINIKUBE_ETCD_PORT"] = etcdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MINIKUBE_ETCD_PEER_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var pids = new List<int>();
        try
        {
            var up = await RunCommand.RunAsync("bash", [Path.Join(Repository.Root, "scripts", "cluster-up.sh")], environment, timeout: TimeSpan.FromMinutes(2));
            output.WriteLine(up.ToString());
            Assert.Equal(0, up.ExitCode);
            Assert.Contains("deployment.apps/hello created", up.StdOut);
            Assert.Contains($"export KUBECONFIG={runDir}/admin.kubeconfig", up.StdOut);
            pids.AddRange(Directory.GetFiles(Path.Join(runDir, "pids")).Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)));

            using var kubectl = new Kubectl("1.33", Path.Join(runDir, "admin.kubeconfig"));
            Assert.Equal("2", await kubectl.SucceedAsync("get", "deployment", "hello", "-o", "jsonpath={.spec.replicas}"));
            // The control loops run: the demo's Deployment got its pods, and with no node they wait for one.
            await Eventually.UntilAsync(async () =>
            {
                var events = await kubectl.SucceedAsync("get", "events");
                return events.Contains("ScalingReplicaSet", StringComparison.Ordinal) && events.Contains("no nodes available to schedule pods", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), "the controllers' ScalingReplicaSet and the scheduler's FailedScheduling events");
            var etcd = await RunCommand.RunAsync(Prerequisites.RequireTool("etcdctl"),
                ["--endpoints", $"127.0.0.1:{etcdPort}", "get", "/registry/configmaps/default/hello", "--print-value-only"],
                new Dictionary<string, string> { ["ETCDCTL_API"] = "3" });
            Assert.Contains("Hello from MiniKube", etcd.StdOut);
        }
        finally
        {
            var down = await RunCommand.RunAsync("bash", [Path.Join(Repository.Root, "scripts", "cluster-down.sh")], environment, timeout: TimeSpan.FromMinutes(1));
            output.WriteLine(down.ToString());
            Assert.Equal(0, down.ExitCode);
        }
        Assert.False(Directory.Exists(runDir));
        Assert.Equal(4, pids.Count); // etcd, API server, controller manager, scheduler
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} still runs after cluster-down"));
    }
}
