namespace MiniKube.Runc.Tests.Fixtures;

/// <summary>
/// Where the NativeAOT-published minirunc is: $MINIRUNC, or &lt;repo&gt;/bin/minirunc (what `make build` writes),
/// the repository being the first directory upwards that holds MiniKube.sln. The tests run the real binary, as
/// the high-level runtime does; a JIT build cannot be used because it loads assemblies lazily, which fails once
/// init has pivoted into the container's rootfs.
/// </summary>
public static class MiniruncBinary
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MINIRUNC");
        var path = !string.IsNullOrEmpty(fromEnv) ? System.IO.Path.GetFullPath(fromEnv) : System.IO.Path.Join(MiniKube.Testing.Repository.Root, "bin", "minirunc");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"minirunc binary not found at {path}. Build it with 'make build' (or 'dotnet publish runtime/MiniKube.Runc -c Release -o bin'), " +
                "or point MINIRUNC at a NativeAOT-published minirunc.");
        }
        return path;
    }
}
