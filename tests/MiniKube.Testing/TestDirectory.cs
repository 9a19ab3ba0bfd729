namespace MiniKube.Testing;

/// <summary>A fresh directory under /tmp/minirunc-tests for one test, removed (with everything in it) on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "minirunc-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }            // e.g. a mount left behind; the leftover checks report that separately
        catch (UnauthorizedAccessException) { }
    }
}
