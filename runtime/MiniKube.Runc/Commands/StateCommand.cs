using System.Text.Json;
using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>`minirunc state &lt;id&gt;`: prints the container's OCI state as JSON.</summary>
internal static class StateCommand
{
    public static readonly Command Definition = new("state", "state <container-id>",
        "print the container's state as OCI state JSON", 1, 1, [], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        var state = Container.Load(new StateStore(global.Root), args.Positionals[0]).ToOciState();
        Console.Out.WriteLine(JsonSerializer.Serialize(state, MiniruncJsonContext.Indented.OciState));
        return 0;
    }
}
