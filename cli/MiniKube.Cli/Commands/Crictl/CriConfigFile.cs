using System.Text.Json.Nodes;
using Google.Protobuf;
using MiniKube.Cli.Client;
using MiniKube.Cli.Manifests;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// crictl's config files for <c>runp</c> and <c>create</c>: a PodSandboxConfig or ContainerConfig message written in
/// JSON or YAML with the protobuf JSON names (<c>metadata.name</c>, <c>log_directory</c> as <c>logDirectory</c>…).
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-cluster/crictl/#create-containers
/// </summary>
public static class CriConfigFile
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T Load<T>(string path) where T : IMessage<T>, new()
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new CliException($"load config file: {ex.Message}", ex); }
        try
        {
            // YAML is a superset of JSON: one parser reads both, as crictl's yaml.Unmarshal does.
            var documents = YamlToJson.ParseDocuments(text);
            var json = (documents.Count > 0 ? documents[0] : null) as JsonObject
                ?? throw new CliException($"load config file {path}: not a JSON or YAML object");
            return Parser.Parse<T>(json.ToJsonString());
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw new CliException($"load config file {path}: {ex.Message}", ex);
        }
    }
}
