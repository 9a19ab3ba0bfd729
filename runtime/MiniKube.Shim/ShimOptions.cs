namespace MiniKube.Shim;

/// <summary>
/// The shim's command line, written by minikube-runtime's StartContainer:
/// <c>minikube-runtime-shim --runtime BIN --root DIR --id ID --bundle DIR [--log-path FILE] [--stdin [--stdin-once]] [--tty]</c>.
/// </summary>
internal sealed record ShimOptions(string Runtime, string Root, string Id, string Bundle, string? LogPath, bool Stdin, bool StdinOnce, bool Tty)
{
    public static ShimOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--stdin" or "--stdin-once" or "--tty":
                    flags.Add(args[i]);
                    break;
                case "--runtime" or "--root" or "--id" or "--bundle" or "--log-path" when i + 1 < args.Length:
                    values[args[i]] = args[++i];
                    break;
                default:
                    throw new ArgumentException($"unknown or incomplete argument \"{args[i]}\"");
            }
        }
        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required");
        return new ShimOptions(Required("--runtime"), Required("--root"), Required("--id"), Path.GetFullPath(Required("--bundle")),
            values.GetValueOrDefault("--log-path"), flags.Contains("--stdin"), flags.Contains("--stdin-once"), flags.Contains("--tty"));
    }
}
