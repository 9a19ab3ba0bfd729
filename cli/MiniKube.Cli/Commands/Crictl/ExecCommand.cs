using System.CommandLine;
using Grpc.Core;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl exec -s CONTAINER-ID COMMAND [ARG…]</c>: runs a command in a running container and waits for it
/// (ExecSync, the call the kubelet's exec probes make); its stdout and stderr are printed and its exit code is ours.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
/// </summary>
public static class ExecCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = new Argument<string>("CONTAINER-ID") { Description = "The container." };
        var cmd = new Argument<string[]>("COMMAND [ARG...]") { Arity = ArgumentArity.OneOrMore, Description = "The command and its arguments." };
        var sync = new Option<bool>("--sync", "-s") { Description = "Run the command synchronously" };
        var timeout = new Option<long>("--timeout") { Description = "Timeout in seconds (only with --sync)" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
        var command = new Command("exec", "Run a command in a running container") { id, cmd, sync, timeout, interactive, tty };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            // Upstream difference: without -s crictl uses the streaming Exec (a URL from the runtime's streaming
            // server, then SPDY/WebSocket). minikube-runtime has no streaming server yet, so both forms use ExecSync,
            // and -i/-t, which need the stream, are refused.
            if (parse.GetValue(interactive) || parse.GetValue(tty))
                throw new CliException("-i and -t need the streaming Exec, which minikube-runtime does not serve yet; use exec -s");
            var request = new ExecSyncRequest { ContainerId = parse.GetValue(id)!, Cmd = { parse.GetValue(cmd)! }, Timeout = parse.GetValue(timeout) };
            ExecSyncResponse response;
            try { response = await cri.Runtime.ExecSyncAsync(request, cancellationToken: cancellationToken); }
            catch (RpcException ex) { throw CrictlCommand.Wrap($"execing command in container \"{request.ContainerId}\"", ex); }
            using (var stdout = Console.OpenStandardOutput()) await stdout.WriteAsync(response.Stdout.Memory, cancellationToken);
            using (var stderr = Console.OpenStandardError()) await stderr.WriteAsync(response.Stderr.Memory, cancellationToken);
            return response.ExitCode;
        });
        return command;
    }
}
