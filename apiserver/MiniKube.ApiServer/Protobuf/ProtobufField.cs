namespace MiniKube.ApiServer.Protobuf;

/// <summary>
/// One row of a message's schema: the field number used on the wire, the name used in JSON, and what it holds.
/// The numbers are those of the upstream generated.proto files (for example <c>k8s.io/api/core/v1/generated.proto</c>),
/// which never change for a released field; the JSON names are the json tags in the Go types.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding
/// </summary>
/// <param name="Number">The protobuf field number.</param>
/// <param name="JsonName">The JSON property name; empty for <see cref="FieldKind.Inline"/> fields.</param>
/// <param name="Kind">What the field holds.</param>
/// <param name="MessageType">The full protobuf message name for <see cref="FieldKind.Message"/> and <see cref="FieldKind.Inline"/>.</param>
/// <param name="MapValueKind">For <see cref="FieldKind.Map"/>: the kind of the map's values (keys are always strings).</param>
/// <param name="Repeated">True for a list: the field occurs once per element.</param>
/// <param name="Presence">When the field is written to JSON.</param>
internal sealed record ProtobufField(
    int Number,
    string JsonName,
    FieldKind Kind,
    string? MessageType = null,
    FieldKind MapValueKind = FieldKind.String,
    bool Repeated = false,
    JsonPresence Presence = JsonPresence.OmitEmpty);
