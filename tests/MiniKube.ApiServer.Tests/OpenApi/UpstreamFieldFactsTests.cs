using k8s.Models;
using MiniKube.ApiServer.OpenApi;
using Xunit;

namespace MiniKube.ApiServer.Tests.OpenApi;

public class UpstreamFieldFactsTests
{
    /// <summary>Every fact must land on a real field, or a typo in the table would silently lose a merge key.</summary>
    [Fact]
    public void All_EveryFact_NamesAFieldOfAKubernetesClientModel()
    {
        var fieldsByDefinition = typeof(V1Pod).Assembly.GetExportedTypes()
            .Where(ModelReflection.IsModelClass)
            .Select(t => (Type: t, Name: TryName(t)))
            .Where(t => t.Name is not null)
            .GroupBy(t => t.Name!)
            .ToDictionary(g => g.Key, g => g.SelectMany(t => ModelReflection.JsonProperties(t.Type).Select(p => p.JsonName)).ToHashSet());

        var unknown = UpstreamFieldFacts.All
            .Where(f => !fieldsByDefinition.TryGetValue(f.Definition, out var fields) || !fields.Contains(f.Field))
            .Select(f => $"{f.Definition}.{f.Field}")
            .ToList();

        Assert.Empty(unknown);

        static string? TryName(Type type)
        {
            try
            {
                return DefinitionNames.ForKubernetesClient.NameOf(type);
            }
            catch (ArgumentException)
            {
                return null; // metrics types and other non-API models
            }
        }
    }

    [Fact]
    public void All_ListMapKeys_OnlyOnMapLists() =>
        Assert.All(UpstreamFieldFacts.All.Where(f => f.ListMapKeys is not null), f => Assert.Equal("map", f.ListType));

    [Fact]
    public void For_UnknownField_IsNull() =>
        Assert.Null(UpstreamFieldFacts.For("io.k8s.api.core.v1.PodSpec", "noSuchField"));
}
