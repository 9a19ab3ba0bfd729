using System.CommandLine;
using Grpc.Core;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl attach [-i] [-t] CONTAINER-ID</c>: connects to the container's own process (not a new one, as exec
/// starts): the CRI Attach RPC returns a URL on the runtime's streaming server, opened as for exec; stdin (-i) reaches
/// the container only if it was created with stdin open, and -t only if it has a terminal.
/// Concept: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_attach/
/// </summary>
public static class AttachCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = new Argument<string>("CONTAINER-ID") { Description = "The container." };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
        var stdin = new Option<bool>("--stdin", "-i") { Description = "Keep STDIN open" };
        var command = new Command("attach", "Attach to a running container") { id, tty, stdin };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var (interactive, terminal) = (parse.GetValue(stdin), parse.GetValue(tty));
            CriStream.Validate(interactive, terminal);
            var request = new AttachRequest { ContainerId = parse.GetValue(id)!, Tty = terminal, Stdin = interactive, Stdout = true, Stderr = !terminal };
            AttachResponse response;
            try { response = await cri.Runtime.AttachAsync(request, cancellationToken: cancellationToken); }
            catch (RpcException ex) { throw CrictlCommand.Wrap("attaching running container failed", ex); }
            return await CriStream.StreamAsync(response.Url, interactive, terminal, cancellationToken);
        });
        return command;
    }
}
