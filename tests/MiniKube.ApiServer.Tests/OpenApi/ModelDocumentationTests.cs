using k8s.Models;
using MiniKube.ApiServer.OpenApi;
using Xunit;

namespace MiniKube.ApiServer.Tests.OpenApi;

public class ModelDocumentationTests
{
    [Fact]
    public void NextToKubernetesClient_FindsTheXmlFileInTheOutputFolder()
    {
        var documentation = ModelDocumentation.NextToKubernetesClient;

        // If this fails, the build did not copy KubernetesClient.xml from the NuGet package: the project needs
        // <CopyDocumentationFilesFromPackages>true</CopyDocumentationFilesFromPackages>.
        Assert.NotNull(documentation.SourcePath);
        Assert.True(documentation.Count > 1000, $"only {documentation.Count} summaries in {documentation.SourcePath}");
    }

    [Fact]
    public void PropertySummary_IsTheUnwrappedUpstreamDescription()
    {
        var summary = ModelDocumentation.NextToKubernetesClient.PropertySummary(typeof(V1Container).GetProperty(nameof(V1Container.Name))!);

        Assert.Equal("Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.", summary);
    }

    [Fact]
    public void Load_MissingFile_GivesNoDescriptionsInsteadOfFailing()
    {
        var documentation = ModelDocumentation.Load(null);

        Assert.Null(documentation.TypeSummary(typeof(V1Pod)));
        Assert.Equal(0, documentation.Count);
    }

    [Theory]
    [InlineData("\n    One line.\n    ", "One line.")]
    [InlineData("\n    Wrapped\n    text.\n    ", "Wrapped text.")]
    [InlineData("\n    First.\n    \n    Second.\n    ", "First.\n\nSecond.")]
    [InlineData("\n    Values:\n    - a\n    - b\n    ", "Values:\n- a\n- b")]
    public void Normalize_UndoesTheXmlLineWrapping(string summary, string expected) =>
        Assert.Equal(expected, ModelDocumentation.Normalize(summary));
}
