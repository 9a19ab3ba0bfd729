using MiniKube.ApiServer.Storage;
using MiniKube.ApiServer.Storage.Sqlite;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Storage;

/// <summary>The storage conformance suite on the embedded SQLite store: a new temporary file for every test.</summary>
public sealed class SqliteStorageTests(ITestOutputHelper output) : StorageConformanceTests(output)
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("minikube-sqlite-");

    protected override IStorage OpenStorage() => new SqliteStorage(Path.Combine(_dataDir.FullName, "minikube.db"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dataDir.Delete(recursive: true);
    }
}
