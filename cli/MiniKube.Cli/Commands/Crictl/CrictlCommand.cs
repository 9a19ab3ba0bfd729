using System.CommandLine;
using Grpc.Core;
using MiniKube.Cli.Client;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>minictl crictl …</c>: crictl's commands, flags and output against a CRI runtime's socket, so a student can look
/// below the API server at what the kubelet asked the runtime for (sandboxes, containers, images). A group of its own,
/// because crictl's <c>logs</c> and <c>exec</c> take container ids where minictl's kubectl-style ones take pods.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-cluster/crictl/
/// </summary>
public static class CrictlCommand
{
    public static Option<string?> RuntimeEndpoint { get; } = new("--runtime-endpoint")
    {
        Description = $"Endpoint of the CRI runtime (default: ${CriConnection.EndpointVariable}, then {CriConnection.DefaultEndpoint}).",
        Recursive = true,
    };

    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("crictl", "Talk to the node's container runtime through the CRI, like crictl");
        command.Options.Add(RuntimeEndpoint);
        Command[] subcommands =
        [
            VersionCommand.Create(globals), InfoCommand.Create(globals),
            PullImageCommand.Create(globals), ListImageCommand.Create(globals), RemoveImageCommand.Create(globals), ImageStatusCommand.Create(globals),
            RunPodSandboxCommand.Create(globals), ListPodSandboxCommand.Create(globals), PodSandboxStatusCommand.Create(globals),
            StopPodSandboxCommand.Create(globals), RemovePodSandboxCommand.Create(globals),
            CreateContainerCommand.Create(globals), StartContainerCommand.Create(globals), ListContainersCommand.Create(globals),
            ContainerStatusCommand.Create(globals), LogsCommand.Create(globals), ExecCommand.Create(globals), AttachCommand.Create(globals),
            StopContainerCommand.Create(globals), RemoveContainerCommand.Create(globals), StatsCommand.Create(globals),
        ];
        foreach (var subcommand in subcommands) command.Subcommands.Add(subcommand);
        return command;
    }

    /// <summary>
    /// Runs a crictl action with a connection to the runtime. Errors print as one line and exit 1, a gRPC error in
    /// Go's words (<c>rpc error: code = NotFound desc = …</c>), as crictl shows them.
    /// </summary>
    public static void SetAction(Command command, GlobalOptions globals, Func<CriConnection, ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var connection = CriConnection.Open(parse.GetValue(RuntimeEndpoint));
                return await action(connection, parse, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130;
            }
            catch (Exception ex)
            {
                await Console.Error.WriteAsync(ErrorPrinter.Format(Describe(ex), parse.GetValue(globals.Verbosity)));
                return 1;
            }
        });
    }

    /// <summary>Go's text for a gRPC status, which is what crictl users search for.</summary>
    public static string RpcError(RpcException error)
    {
        // A socket that cannot be dialled: say which, not "Error starting gRPC call".
        for (var inner = error.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is CliException dial) return dial.Message;
        }
        // The generated server base answers an RPC the runtime does not implement with an empty detail.
        var detail = error.StatusCode == StatusCode.Unimplemented && string.IsNullOrEmpty(error.Status.Detail)
            ? "the runtime does not implement this method yet" : error.Status.Detail;
        return $"rpc error: code = {error.StatusCode} desc = {detail}";
    }

    /// <summary>Adds what was being done to a gRPC error: <c>getting status of container "x": rpc error: …</c>.</summary>
    public static CliException Wrap(string doing, RpcException error) => new($"{doing}: {RpcError(error)}", error);

    private static Exception Describe(Exception error) => error switch
    {
        RpcException rpc => new CliException(RpcError(rpc), rpc),
        _ => error,
    };
}
