using MiniKube.Runc.Cli;
using MiniKube.Runc.Lifecycle;
using MiniKube.Runc.State;

namespace MiniKube.Runc.Commands;

/// <summary>`minirunc delete [--force] &lt;id&gt;`: removes a stopped (or created) container; --force kills a running one first.</summary>
internal static class DeleteCommand
{
    public static readonly Command Definition = new("delete", "delete [--force] <container-id>",
        "delete the container's cgroup and state (--force: kill it first if it is running)", 1, 1, [new("force", Alias: "f")], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        var store = new StateStore(global.Root);
        var id = args.Positionals[0];
        StateStore.ValidateId(id);
        if (!store.Exists(id) && args.IsSet("force"))
        {
            // A create that crashed half-way may have left a directory without a state file.
            store.Remove(id);
            return 0;
        }
        Container.Load(store, id).Delete(args.IsSet("force"));
        return 0;
    }
}
