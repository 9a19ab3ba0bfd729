using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>
/// `minirunc create [--bundle DIR] [--pid-file F] &lt;id&gt;`: builds the container and leaves its init waiting for
/// `start`, so the caller can still add it to networks (CNI) before the program runs.
/// Concept: https://github.com/opencontainers/runtime-spec/blob/main/runtime.md#create
/// </summary>
internal static class CreateCommand
{
    public static readonly Flag[] Flags =
    [
        new("bundle", TakesValue: true, Alias: "b"), new("pid-file", TakesValue: true), new("console-socket", TakesValue: true),
        new("no-pivot"), new("no-new-keyring"), new("preserve-fds", TakesValue: true),
    ];

    public static readonly Command Definition = new("create", "create [command options] <container-id>",
        "create a container from a bundle; its process waits until 'start'", 1, 1, Flags, Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        Create(global, args);
        return 0;
    }

    /// <summary>Shared with `run`, which may bring its own console socket.</summary>
    public static Container Create(GlobalOptions global, ParsedArguments args, string? consoleSocket = null)
    {
        global.RefuseSystemdCgroup();
        if (args.IsSet("no-pivot")) throw new RuncException("--no-pivot is not supported: minirunc always uses pivot_root");
        var options = new CreateOptions(args.Value("pid-file"), args.IntValue("preserve-fds", 0), args.Value("console-socket") ?? consoleSocket);
        return Container.Create(new StateStore(global.Root), args.Positionals[0], BundleDirectory(args), options);
    }

    public static string BundleDirectory(ParsedArguments args) => args.Value("bundle") ?? Environment.CurrentDirectory;
}
