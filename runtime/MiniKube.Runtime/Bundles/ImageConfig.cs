using System.Text.Json.Nodes;
using MiniKube.Runtime.Images;

namespace MiniKube.Runtime.Bundles;

/// <summary>
/// The part of an image's config blob (OCI image-spec config.md "config") that decides how its container runs:
/// ENTRYPOINT, CMD, ENV, WORKDIR, USER. Read from the content store, where the pull left the config.
/// </summary>
public sealed record ImageConfig(IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd, IReadOnlyList<string> Env, string WorkingDir, string User)
{
    public static ImageConfig Load(ContentStore content, string configDigest)
    {
        var config = JsonNode.Parse(content.Read(configDigest))?["config"];
        return new ImageConfig(
            Strings(config?[nameof(Entrypoint)]), Strings(config?[nameof(Cmd)]), Strings(config?[nameof(Env)]),
            config?[nameof(WorkingDir)]?.GetValue<string>() ?? "", config?[nameof(User)]?.GetValue<string>() ?? "");
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>() ?? "")] : [];
}
