using MiniKube.Cri.V1;
using MiniKube.Testing;
using MiniKube.Testing.Runtime;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// A pod's hostPort (PodSandboxConfig.port_mappings): the runtime hands the mappings to CNI's portmap plugin as
/// runtimeConfig, which DNATs the node's port to the pod; StopPodSandbox's CNI DEL takes the rules away again.
/// Concept: https://kubernetes.io/docs/concepts/configuration/overview/#services (hostPort)
/// </summary>
public sealed class HostPortTests
{
    [RequiresFact(Root = true, Tools = ["docker-registry", "iptables", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    public async Task HostPort_ReachesThePod_AndItsRulesGoWithTheSandbox()
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var hostPort = FreePort.Next();
        var sandboxConfig = setup.SandboxConfig("web", runtime.Dir.Combine("logs"));
        sandboxConfig.PortMappings.Add(new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 80, HostPort = hostPort });
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig })).PodSandboxId;
        var server = await setup.CreateAsync(sandboxId, sandboxConfig, "server", ["/bin/sh", "-c", "echo via-host-port > /www/index.html; exec httpd -f -p 80 -h /www"], null);
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = server });
        Assert.Contains(PodNetwork.NatRules(), r => r.Contains(sandboxId, StringComparison.Ordinal) && r.Contains($"{hostPort}", StringComparison.Ordinal));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var page = await Eventually.UntilAsync(async () =>
        {
            try { return await http.GetStringAsync($"http://127.0.0.1:{hostPort}/"); }
            catch (HttpRequestException) { return null; }
        }, TimeSpan.FromSeconds(20), "the pod to answer on the host port");
        Assert.Equal("via-host-port\n", page);

        await runtime.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandboxId });
        Assert.DoesNotContain(PodNetwork.NatRules(), r => r.Contains(sandboxId, StringComparison.Ordinal) || r.Contains($"dport {hostPort}", StringComparison.Ordinal));
        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
    }
}
