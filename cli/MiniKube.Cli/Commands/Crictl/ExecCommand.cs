using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl exec [-i] [-t] [-s [--timeout N]] CONTAINER-ID COMMAND [ARG…]</c>: runs a command in a running container.
/// By default through the streaming Exec, as <c>kubectl exec</c> does through the kubelet: the RPC returns a URL on the
/// runtime's streaming server, which is opened as a WebSocket carrying stdin (-i), stdout, stderr, and for -t a
/// terminal. With -s, ExecSync (the call the kubelet's exec probes make): the output comes back whole when the command
/// has ended. Either way the command's exit code is ours.
/// Concept: https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
/// </summary>
public static class ExecCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = new Argument<string>("CONTAINER-ID") { Description = "The container." };
        var cmd = new Argument<string[]>("COMMAND [ARG...]") { Arity = ArgumentArity.OneOrMore, Description = "The command and its arguments." };
        var sync = new Option<bool>("--sync", "-s") { Description = "Run the command synchronously" };
        var timeout = new Option<long>("--timeout") { Description = "Timeout in seconds" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
        var command = new Command("exec", "Run a command in a running container") { id, cmd, sync, timeout, interactive, tty };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var containerId = parse.GetValue(id)!;
            if (parse.GetValue(sync)) return await ExecSyncAsync(cri, containerId, parse.GetValue(cmd)!, parse.GetValue(timeout), cancellationToken);

            var (stdin, terminal) = (parse.GetValue(interactive), parse.GetValue(tty));
            CriStream.Validate(stdin, terminal);
            // As crictl asks: stdout always, stderr unless a terminal (which has one output stream).
            var request = new ExecRequest { ContainerId = containerId, Cmd = { parse.GetValue(cmd)! }, Tty = terminal, Stdin = stdin, Stdout = true, Stderr = !terminal };
            ExecResponse response;
            try { response = await cri.Runtime.ExecAsync(request, cancellationToken: cancellationToken); }
            catch (RpcException ex) { throw CrictlCommand.Wrap($"execing command in container {containerId}", ex); }
            return await CriStream.StreamAsync(response.Url, stdin, terminal, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExecSyncAsync(CriConnection cri, string containerId, string[] cmd, long timeout, CancellationToken cancellationToken)
    {
        var request = new ExecSyncRequest { ContainerId = containerId, Cmd = { cmd }, Timeout = timeout };
        ExecSyncResponse response;
        try { response = await cri.Runtime.ExecSyncAsync(request, cancellationToken: cancellationToken); }
        catch (RpcException ex) { throw CrictlCommand.Wrap($"execing command in container {containerId} synchronously", ex); }
        using (var stdout = Console.OpenStandardOutput()) await stdout.WriteAsync(response.Stdout.Memory, cancellationToken);
        using (var stderr = Console.OpenStandardError()) await stderr.WriteAsync(response.Stderr.Memory, cancellationToken);
        return response.ExitCode;
    }
}
