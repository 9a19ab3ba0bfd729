using MiniKube.Testing.Runtime;
using MiniKube.Testing.Registry;

namespace MiniKube.Runtime.Tests.Images;

/// <summary>The multi-layer busybox image most tests pull: a shell, then files, then whiteouts over them.</summary>
public static class TestImages
{
    /// <summary>Layer 1 busybox; layer 2 adds etc/motd, etc/doomed and opq/old; layer 3 deletes etc/doomed, makes opq opaque, changes motd.</summary>
    public static BuiltImage Busybox(bool docker = false, string architecture = "amd64") => ImageBuilder.Build(
    [
        ImageBuilder.BusyboxLayer(),
        ImageBuilder.Layer(tar =>
        {
            ImageBuilder.File(tar, "etc/motd", "hello from layer 2\n");
            ImageBuilder.File(tar, "etc/doomed", "deleted by layer 3\n");
            ImageBuilder.Directory(tar, "opq/");
            ImageBuilder.File(tar, "opq/old", "hidden by layer 3\n");
        }),
        ImageBuilder.Layer(tar =>
        {
            ImageBuilder.File(tar, "etc/motd", "hello from layer 3\n");
            ImageBuilder.File(tar, "etc/.wh.doomed", "");
            ImageBuilder.Directory(tar, "opq/");
            ImageBuilder.File(tar, "opq/.wh..wh..opq", "");
            ImageBuilder.File(tar, "opq/new", "added by layer 3\n");
        }, gzip: false),
    ], docker, architecture);
}
