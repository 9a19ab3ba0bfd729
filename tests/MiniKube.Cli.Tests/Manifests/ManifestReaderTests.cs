using MiniKube.Cli.Client;
using MiniKube.Cli.Manifests;
using Xunit;

namespace MiniKube.Cli.Tests.Manifests;

public sealed class ManifestReaderTests
{
    [Fact]
    public void ParseText_MultiDocumentYaml_GivesOneManifestPerObject()
    {
        var manifests = ManifestReader.ParseText("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: apps/v1\nkind: Deployment\n" +
            "metadata:\n  name: b\n  namespace: prod\n", "app.yaml");

        Assert.Equal([("v1", "ConfigMap", "a", null), ("apps/v1", "Deployment", "b", "prod")],
            manifests.Select(m => (m.ApiVersion, m.Kind, m.Name, m.Namespace)));
        Assert.All(manifests, m => Assert.Equal("app.yaml", m.Source));
    }

    [Fact]
    public void ParseText_List_IsUnpackedIntoItsItems()
    {
        var manifests = ManifestReader.ParseText("""
            {"apiVersion":"v1","kind":"List","items":[
              {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}},
              {"apiVersion":"v1","kind":"Secret","metadata":{"name":"b"}}]}
            """, "list.json");

        Assert.Equal(["ConfigMap/a", "Secret/b"], manifests.Select(m => $"{m.Kind}/{m.Name}"));
    }

    [Fact]
    public void ParseText_ObjectWithoutKind_IsRejectedWithTheSource()
    {
        var error = Assert.Throws<CliException>(() => ManifestReader.ParseText("apiVersion: v1\nmetadata:\n  name: x\n", "STDIN"));

        Assert.StartsWith("unable to decode \"STDIN\": Object 'Kind' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseText_BrokenYaml_NamesTheFileAndLine()
    {
        var error = Assert.Throws<CliException>(() => ManifestReader.ParseText("a: [\n", "bad.yaml"));

        Assert.StartsWith("error parsing bad.yaml: yaml: line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingPath_SaysItDoesNotExist()
    {
        var error = Assert.Throws<CliException>(() => ManifestReader.Read(["/no/such/file.yaml"], recursive: false, TextReader.Null));

        Assert.Equal("the path \"/no/such/file.yaml\" does not exist", error.Message);
    }
}
