namespace MiniKube.Testing;

/// <summary>The checkout the tests run from: the first directory above the test binaries that holds MiniKube.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Locate();

    /// <summary>A program `make build` published, e.g. <c>bin/minikube-apiserver</c>; throws with what to do when it is missing.</summary>
    public static string Program(string name)
    {
        var path = Path.Join(Root, "bin", name);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run 'make build' first ('make test' does)");
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "MiniKube.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no MiniKube.sln above {AppContext.BaseDirectory}");
    }
}
