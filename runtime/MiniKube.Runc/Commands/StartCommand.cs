using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>`minirunc start &lt;id&gt;`: lets a created container's init execve the user's program.</summary>
internal static class StartCommand
{
    public static readonly Command Definition = new("start", "start <container-id>",
        "run the user's process in a created container", 1, 1, [], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        Container.Load(new StateStore(global.Root), args.Positionals[0]).Start();
        return 0;
    }
}
