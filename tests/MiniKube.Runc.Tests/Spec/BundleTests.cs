using System.Text.Json;
using MiniKube.Runc.Spec;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runc.Tests.Spec;

/// <summary>Loading and validating config.json: pure checks, no processes.</summary>
public sealed class BundleTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public BundleTests() => Directory.CreateDirectory(_dir.Combine("rootfs"));

    public void Dispose() => _dir.Dispose();

    private void WriteConfig(RuntimeSpec spec) =>
        File.WriteAllText(_dir.Combine("config.json"), JsonSerializer.Serialize(spec, MiniruncJsonContext.Default.RuntimeSpec));

    [Fact]
    public void Load_DefaultSpec_IsValid()
    {
        WriteConfig(DefaultSpec.Create());
        var bundle = Bundle.Load(_dir.Path);
        Assert.Equal(_dir.Combine("rootfs"), bundle.Rootfs);
        Assert.Equal(["sh"], bundle.Spec.Process!.Args);
    }

    [Fact]
    public void Load_IgnoresUnknownFields_AndMatchesNamesCaseInsensitively()
    {
        File.WriteAllText(_dir.Combine("config.json"), """
            {"ociVersion": "1.0.2", "someFutureField": {"x": 1}, "hooks": {"prestart": []},
             "process": {"Args": ["sh"], "cwd": "/"}, "root": {"path": "rootfs"},
             "linux": {"namespaces": [{"type": "mount"}], "windowsOnly": true}}
            """);
        Assert.Equal(["sh"], Bundle.Load(_dir.Path).Spec.Process!.Args);
    }

    [Fact]
    public void Load_WrongJsonType_IsRefused()
    {
        File.WriteAllText(_dir.Combine("config.json"), """{"ociVersion": "1.0.2", "process": {"args": "sh"}}""");
        var ex = Assert.Throws<RuncException>(() => Bundle.Load(_dir.Path));
        Assert.Contains("is not valid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.process.args", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CollectsEveryError()
    {
        var spec = DefaultSpec.Create() with
        {
            OciVersion = null,
            Process = DefaultSpec.Create().Process! with { Cwd = "relative", Rlimits = [new PosixRlimit { Type = "RLIMIT_BOGUS", Soft = 2, Hard = 1 }] },
        };
        var errors = SpecValidator.Validate(spec, _dir.Path, _dir.Combine("rootfs"));
        Assert.Contains("ociVersion: Required value", errors);
        Assert.Contains("process.cwd: must be an absolute path, got \"relative\"", errors);
        Assert.Contains("process.rlimits[0].type: unknown rlimit \"RLIMIT_BOGUS\"", errors);
        Assert.Contains("process.rlimits[0]: soft limit 2 is above the hard limit 1", errors);
    }

    [Fact]
    public void Validate_SysctlNeedsItsNamespace()
    {
        var spec = DefaultSpec.Create();
        spec = spec with { Linux = spec.Linux! with { Namespaces = [new() { Type = "mount" }], Sysctl = new() { ["net.ipv4.ip_forward"] = "1" } } };
        Assert.Contains("linux.sysctl: \"net.ipv4.ip_forward\" needs a new network namespace", SpecValidator.Validate(spec, _dir.Path, _dir.Combine("rootfs")));
    }

    [Fact]
    public void Validate_CgroupsPathWithDotDot_IsRefused()
    {
        var spec = DefaultSpec.Create();
        spec = spec with { Linux = spec.Linux! with { CgroupsPath = "/a/../b" } };
        Assert.Contains("linux.cgroupsPath: \"/a/../b\" must not contain \"..\"", SpecValidator.Validate(spec, _dir.Path, _dir.Combine("rootfs")));
    }
}
