using MiniKube.ApiServer.Protobuf;
using Xunit;

namespace MiniKube.ApiServer.Tests.Protobuf;

/// <summary>Checks the hand-kept schema table itself, so a typo there fails here rather than on a user's request.</summary>
public class ProtobufSchemaTests
{
    [Fact]
    public void AllMessages_EveryReferencedMessageIsDefined()
    {
        var missing = ProtobufSchema.AllMessages
            .SelectMany(message => message.Fields, (message, field) => (message, field))
            .Where(pair => pair.field.MessageType is not null && !IsDefined(pair.field.MessageType))
            .Select(pair => $"{pair.message.Name} field {pair.field.Number} → {pair.field.MessageType}");

        Assert.Empty(missing);
    }

    [Fact]
    public void AllMessages_FieldNumbersAndJsonNamesAreUnique()
    {
        foreach (var message in ProtobufSchema.AllMessages)
        {
            Assert.Equal(message.Fields.Count, message.Fields.Select(field => field.Number).Distinct().Count());
            var named = message.Fields.Where(field => field.Kind != FieldKind.Inline).Select(field => field.JsonName).ToList();
            Assert.Equal(named.Count, named.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void AllMessages_MessageTypeIsSetExactlyForMessageAndInlineFields()
    {
        var wrong = ProtobufSchema.AllMessages
            .SelectMany(message => message.Fields, (message, field) => (message, field))
            .Where(pair => (pair.field.Kind is FieldKind.Message or FieldKind.Inline) != (pair.field.MessageType is not null))
            .Select(pair => $"{pair.message.Name} field {pair.field.Number}");

        Assert.Empty(wrong);
    }

    [Fact]
    public void AllMessages_AreReachableFromATopLevelKind()
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<ProtobufMessage>(ProtobufSchema.SupportedKinds
            .Select(kind => ProtobufSchema.FindMessageForKind(kind.ApiVersion, kind.Kind)!));
        while (pending.TryPop(out var message))
        {
            if (!reachable.Add(message.Name)) continue;
            foreach (var field in message.Fields.Where(field => field.MessageType is not null))
            {
                pending.Push(ProtobufSchema.GetMessage(field.MessageType!));
            }
        }

        Assert.Empty(ProtobufSchema.AllMessages.Select(message => message.Name).Except(reachable));
    }

    [Theory]
    [InlineData("v1", "Namespace", "k8s.io.api.core.v1.Namespace")]
    [InlineData("apps/v1", "Deployment", "k8s.io.api.apps.v1.Deployment")]
    [InlineData("authorization.k8s.io/v1", "SelfSubjectAccessReview", "k8s.io.api.authorization.v1.SelfSubjectAccessReview")]
    public void FindMessageForKind_KnownKind_ReturnsItsMessage(string apiVersion, string kind, string message) =>
        Assert.Equal(message, ProtobufSchema.FindMessageForKind(apiVersion, kind)?.Name);

    [Theory]
    [InlineData("apps/v1", "StatefulSet")]
    [InlineData("v2", "Namespace")]
    public void FindMessageForKind_UnknownKind_ReturnsNull(string apiVersion, string kind) =>
        Assert.Null(ProtobufSchema.FindMessageForKind(apiVersion, kind));

    private static bool IsDefined(string name) =>
        ProtobufSchema.AllMessages.Any(message => message.Name == name);
}
