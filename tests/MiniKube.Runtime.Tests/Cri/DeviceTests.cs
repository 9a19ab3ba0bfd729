using MiniKube.Cri.V1;
using MiniKube.Testing;
using MiniKube.Testing.Runtime;
using Xunit;

namespace MiniKube.Runtime.Tests.Cri;

/// <summary>
/// The devices cgroup, as containerd sets it up: a container may not use a device node it makes itself (CAP_MKNOD is
/// a default capability, so without the deny-all rule it could read the host's disks), and a device the kubelet
/// passes in ContainerConfig.devices appears in its /dev with exactly the permissions asked for.
/// </summary>
public sealed class DeviceTests
{
    // A loop device with nothing attached: opening and reading it is harmless (it reads as empty).
    private const string HostDevice = "/dev/loop7";

    [RequiresTheory(Root = true, Tools = ["docker-registry", "runc", HostDevice, "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    [InlineData("minirunc")]
    [InlineData("runc")]
    public async Task Devices_OnlyTheRequestedOnesWithTheirPermissions(string handler)
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var sandboxConfig = setup.SandboxConfig("dev", runtime.Dir.Combine("logs"));
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig, RuntimeHandler = handler })).PodSandboxId;
        var plain = await setup.CreateAsync(sandboxId, sandboxConfig, "plain", ["/bin/sleep", "1000000"], null);
        var withDevice = await setup.CreateAsync(sandboxId, sandboxConfig, "with-device", ["/bin/sleep", "1000000"], null,
            config => config.Devices.Add(new Device { HostPath = HostDevice, ContainerPath = "/dev/xvda", Permissions = "r" }));
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = plain });
        await runtime.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = withDevice });

        // A node made inside the container exists, but the devices cgroup refuses to open it.
        var made = await setup.ExecAsync(plain, "sh", "-c", "mknod /dev/disk b 7 7 && head -c 1 /dev/disk");
        Assert.NotEqual(0, made.ExitCode);
        Assert.Contains("Operation not permitted", made.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await setup.ExecAsync(plain, "test", "-e", "/dev/xvda")).ExitCode);
        // The default devices still work.
        Assert.Equal(0, (await setup.ExecAsync(plain, "sh", "-c", "echo x > /dev/null && head -c 4 /dev/urandom > /dev/null")).ExitCode);

        // The requested device: a block device 7:7 at the container path, readable, not writable.
        Assert.Equal("block special file 7 7\n", (await setup.ExecAsync(withDevice, "stat", "-c", "%F %t %T", "/dev/xvda")).Stdout);
        Assert.Equal(0, (await setup.ExecAsync(withDevice, "head", "-c", "1", "/dev/xvda")).ExitCode);
        var write = await setup.ExecAsync(withDevice, "sh", "-c", "echo x > /dev/xvda");
        Assert.NotEqual(0, write.ExitCode);
        Assert.Contains("Operation not permitted", write.Stderr, StringComparison.Ordinal);

        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
        Assert.Empty((await runtime.Runtime.ListContainersAsync(new ListContainersRequest())).Containers);
    }

    [RequiresFact(Root = true, Tools = ["docker-registry", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/lib/cni/portmap"])]
    public async Task Devices_ThatAreNotDeviceNodes_AreRefusedAndNothingIsCreated()
    {
        await using var setup = await PodSetup.StartAsync();
        var runtime = setup.Runtime;
        var sandboxConfig = setup.SandboxConfig("bad-dev", runtime.Dir.Combine("logs"));
        var sandboxId = (await runtime.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig })).PodSandboxId;

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => setup.CreateAsync(sandboxId, sandboxConfig, "bad", ["/bin/true"], null,
            config => config.Devices.Add(new Device { HostPath = "/etc/passwd", ContainerPath = "/dev/passwd", Permissions = "rw" })));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("device host_path \"/etc/passwd\" is not a character or block device", error.Status.Detail, StringComparison.Ordinal);
        var badAccess = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => setup.CreateAsync(sandboxId, sandboxConfig, "bad2", ["/bin/true"], null,
            config => config.Devices.Add(new Device { HostPath = HostDevice, ContainerPath = "/dev/xvda", Permissions = "rwx" })));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, badAccess.StatusCode);
        Assert.Empty((await runtime.Runtime.ListContainersAsync(new ListContainersRequest())).Containers);

        await runtime.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
    }
}
