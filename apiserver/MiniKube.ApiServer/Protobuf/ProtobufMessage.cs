namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// The schema of one protobuf message, such as <c>k8s.io.api.core.v1.Namespace</c>: its fields by number.
/// Fields we do not list are skipped when decoding, as protobuf readers always do with unknown fields.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
internal sealed class ProtobufMessage
{
    private readonly Dictionary<int, ProtobufField> _fieldsByNumber;

    public ProtobufMessage(string name, IReadOnlyList<ProtobufField> fields)
    {
        Name = name;
        Fields = fields;
        _fieldsByNumber = fields.ToDictionary(field => field.Number);
    }

    /// <summary>The full protobuf name, for example <c>k8s.io.api.apps.v1.DeploymentSpec</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<ProtobufField> Fields { get; }

    public ProtobufField? FindField(int number) => _fieldsByNumber.GetValueOrDefault(number);
}
