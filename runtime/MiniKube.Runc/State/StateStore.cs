using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniKube.Runc.Interop;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.State;

/// <summary>
/// The state directory given by --root (default /run/minirunc): one subdirectory per container holding state.json,
/// a copy of its config.json and, until `start`, the exec FIFO. The high-level runtime gives each runtime handler its
/// own root, so minirunc, runc and crun containers never mix.
/// </summary>
internal sealed partial class StateStore(string root)
{
    public const string DefaultRoot = "/run/minirunc";

    public string Root { get; } = root;

    public string DirectoryOf(string id) => Path.Join(Root, id);

    // runc's rule for ids: letters, digits, '_', '+', '-', '.', and not "." or ".." (an id is a directory name).
    [GeneratedRegex(@"^[\w+\-.]+$")]
    private static partial Regex IdPattern();

    public static void ValidateId(string id)
    {
        if (!IdPattern().IsMatch(id) || id is "." or "..")
            throw new RuncException($"invalid container id \"{id}\": use letters, digits, '_', '+', '-' and '.'");
    }

    /// <summary>Makes the container's directory; mkdir(2) failing with EEXIST is how a duplicate id is caught.</summary>
    public string CreateDirectory(string id)
    {
        Directory.CreateDirectory(Root);
        var dir = DirectoryOf(id);
        if (Libc.mkdir(dir, 0x1C9) == -1)   // 0711
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EEXIST) throw new RuncException("container with given ID already exists");
            throw new RuncException($"failed to create the state directory {dir}", new SyscallException("mkdir", errno));
        }
        return dir;
    }

    public bool Exists(string id) => File.Exists(Path.Join(DirectoryOf(id), "state.json"));

    public ContainerState Load(string id)
    {
        var file = Path.Join(DirectoryOf(id), "state.json");
        if (!File.Exists(file)) throw new RuncException("container does not exist");
        return JsonSerializer.Deserialize(File.ReadAllText(file), MiniruncJsonContext.Default.ContainerState)
               ?? throw new RuncException($"state file {file} is empty");
    }

    /// <summary>Writes state.json atomically (a temporary file renamed over the old one), as a crash must not leave half a file.</summary>
    public void Save(ContainerState state)
    {
        var file = Path.Join(DirectoryOf(state.Id), "state.json");
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(state, MiniruncJsonContext.Default.ContainerState));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    public void SaveConfig(string id, RuntimeSpec spec) =>
        File.WriteAllText(Path.Join(DirectoryOf(id), "config.json"), JsonSerializer.Serialize(spec, MiniruncJsonContext.Default.RuntimeSpec));

    public RuntimeSpec LoadConfig(string id) =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Join(DirectoryOf(id), "config.json")), MiniruncJsonContext.Default.RuntimeSpec)
        ?? new RuntimeSpec();

    public IEnumerable<string> Ids() =>
        Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Select(d => Path.GetFileName(d)!).Where(Exists).Order(StringComparer.Ordinal)
            : [];

    public void Remove(string id)
    {
        var dir = DirectoryOf(id);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
