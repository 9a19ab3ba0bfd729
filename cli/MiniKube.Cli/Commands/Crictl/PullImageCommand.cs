using System.CommandLine;
using Grpc.Core;
using MiniKube.Cli.Client;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl pull IMAGE</c>: asks the runtime to pull an image (PullImage), as the kubelet does before creating a
/// container; <c>--creds user:password</c> or <c>--auth</c> are sent as the request's AuthConfig.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public static class PullImageCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = new Argument<string>("NAME[:TAG|@DIGEST]") { Description = "The image to pull." };
        var creds = new Option<string?>("--creds") { Description = "Use `USERNAME[:PASSWORD]` for accessing the registry" };
        var auth = new Option<string?>("--auth") { Description = "Use `AUTH_STRING` (base64 of user:password) for accessing the registry" };
        var podConfig = new Option<string?>("--pod-config", "-p") { Description = "Use `pod-config.[json|yaml]` to override the pull context" };
        var command = new Command("pull", "Pull an image from a registry") { image, creds, auth, podConfig };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var name = parse.GetValue(image)!;
            var request = new PullImageRequest { Image = new ImageSpec { Image = name }, Auth = AuthConfig(parse.GetValue(creds), parse.GetValue(auth)) };
            if (parse.GetValue(podConfig) is { } path) request.SandboxConfig = CriConfigFile.Load<PodSandboxConfig>(path);
            try
            {
                var response = await cri.Images.PullImageAsync(request, cancellationToken: cancellationToken);
                await Console.Out.WriteLineAsync($"Image is up to date for {response.ImageRef}");
            }
            catch (RpcException ex) { throw CrictlCommand.Wrap($"pulling image \"{name}\"", ex); }
            return 0;
        });
        return command;
    }

    private static AuthConfig? AuthConfig(string? creds, string? auth)
    {
        if (creds is not null && auth is not null) throw new CliException("both `--creds` and `--auth` are specified");
        if (auth is not null) return new AuthConfig { Auth = auth };
        if (creds is null) return null;
        var colon = creds.IndexOf(':', StringComparison.Ordinal);
        if (colon == 0) throw new CliException("username cannot be empty");
        return colon < 0 ? new AuthConfig { Username = creds } : new AuthConfig { Username = creds[..colon], Password = creds[(colon + 1)..] };
    }
}
