using System.Text.Json;

namespace MiniKube.Runc.Spec;

/// <summary>
/// An OCI bundle: a directory holding config.json and (usually) the rootfs it names. Loading it reads and validates
/// config.json completely, so a bad bundle is refused before anything (state directory, cgroup, process) exists.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/bundle.md
/// </summary>
internal sealed record Bundle(string Directory, RuntimeSpec Spec, string Rootfs)
{
    public static Bundle Load(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir)) throw new RuncException($"bundle directory {dir} does not exist");
        var configFile = Path.Join(dir, "config.json");
        if (!File.Exists(configFile))
            throw new RuncException($"config.json not found in bundle {dir}: every OCI bundle needs one (make a default with 'minirunc spec')");

        RuntimeSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(File.ReadAllText(configFile), MiniruncJsonContext.Default.RuntimeSpec);
        }
        catch (JsonException ex)
        {
            throw new RuncException($"config.json in bundle {dir} is not valid: {ex.Message}", ex);
        }
        if (spec is null) throw new RuncException($"config.json in bundle {dir} is empty (null)");

        var rootfs = spec.Root is { Path.Length: > 0 } root
            ? Path.GetFullPath(Path.IsPathRooted(root.Path) ? root.Path : Path.Join(dir, root.Path))
            : "";
        var errors = SpecValidator.Validate(spec, dir, rootfs);
        if (errors.Count > 0)
            throw new RuncException($"config.json in bundle {dir} is invalid: {string.Join("; ", errors)}");
        return new Bundle(dir, spec, rootfs);
    }
}
