namespace MiniKube.Runc.Lifecycle;

/// <summary>
/// How to start this very program again (for the `init` stage): the NativeAOT or apphost binary itself, or, when
/// running as `dotnet minirunc.dll`, the dotnet host with the dll. Resolved on the host before any namespace is
/// entered, so the path is valid when posix_spawn looks it up.
/// </summary>
internal static class SelfExecutable
{
    /// <summary>
    /// Refuses to start a container from a JIT-compiled minirunc: after pivot_root, the .NET runtime could no longer
    /// load the assemblies it loads lazily from the host's disk, and init would crash half-way. A NativeAOT binary
    /// has all its code in the one file already mapped into memory, so it keeps working inside the container.
    /// </summary>
    public static void RequireAheadOfTimeCompiled()
    {
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
            throw new RuncException("this minirunc is JIT-compiled; containers need the NativeAOT build " +
                                    "(dotnet publish runtime/MiniKube.Runc -c Release -o bin), see runtime/README.md");
    }

    public static string Path { get; } = Environment.ProcessPath ?? "/proc/self/exe";

    public static IReadOnlyList<string> Arguments { get; } =
        System.IO.Path.GetFileNameWithoutExtension(Path) == "dotnet"
            ? [Path, System.IO.Path.Join(AppContext.BaseDirectory, "minirunc.dll")]
            : [Path];
}
