using MiniKube.Runc.Rootfs;
using MiniKube.Testing;
using Xunit;

namespace MiniKube.Runc.Tests.Rootfs;

public sealed class SecurePathTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly string _rootfs;

    public SecurePathTests()
    {
        _rootfs = _dir.Combine("rootfs");
        Directory.CreateDirectory(Path.Join(_rootfs, "run"));
        Directory.CreateDirectory(Path.Join(_rootfs, "var", "lib"));
        File.CreateSymbolicLink(Path.Join(_rootfs, "var", "run"), "/run");              // absolute: inside the container
        File.CreateSymbolicLink(Path.Join(_rootfs, "var", "up"), "../run");             // relative, stays inside
        File.CreateSymbolicLink(Path.Join(_rootfs, "escape"), "../../../../../../tmp");  // relative, climbs out
        File.CreateSymbolicLink(Path.Join(_rootfs, "loop"), "loop");
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("/proc", "proc")]
    [InlineData("/", "")]
    [InlineData("/var/run/secrets", "run/secrets")]
    [InlineData("/var/up/x", "run/x")]
    [InlineData("/var/lib/../lib/./x", "var/lib/x")]
    [InlineData("//dev///pts", "dev/pts")]
    public void Resolve_StaysInsideTheRootfs(string path, string expected) =>
        Assert.Equal(expected.Length == 0 ? _rootfs : Path.Join(_rootfs, expected), SecurePath.Resolve(_rootfs, path));

    [Theory]
    [InlineData("/../etc", "climbs out of the rootfs")]
    [InlineData("/var/../../etc", "climbs out of the rootfs")]
    [InlineData("/escape/x", "leaves the rootfs through the symlink /escape -> ../../../../../../tmp")]
    [InlineData("/loop/x", "too many levels of symbolic links")]
    public void Resolve_Escape_IsRefused(string path, string message)
    {
        var ex = Assert.Throws<SecurePathException>(() => SecurePath.Resolve(_rootfs, path));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
