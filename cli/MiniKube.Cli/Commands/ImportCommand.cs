using System.CommandLine;
using System.Formats.Tar;
using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Core;
using MiniKube.Cli.Client;
using MiniKube.Cli.Commands.Crictl;
using MiniKube.Images.V1;

namespace MiniKube.Cli.Commands;

/// <summary>
/// <c>minictl import FILE|DIR|-</c>: loads images from an archive into the node's runtime without a registry, for
/// offline labs (containerd's <c>ctr images import</c>): an OCI image layout (a directory, or a tar of one) or a
/// <c>docker save</c> tarball, optionally gzip-compressed. The CRI cannot do this (it can only pull), so the archive
/// is streamed to minikube-runtime's own Images service on the same socket.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/#pre-pulled-images
/// </summary>
public static class ImportCommand
{
    private const int ChunkSize = 1 << 20;

    public static Command Create(GlobalOptions globals)
    {
        var source = new Argument<string>("FILE|DIR|-") { Description = "The archive, an OCI image layout directory, or - for standard input." };
        var tag = new Option<string?>("--tag") { Description = "Also name the imported image NAME[:TAG] (the archive must hold one image)." };
        var format = new Option<string>("--format")
        {
            Description = "The archive's format: auto (index.json means OCI, manifest.json docker save), oci-archive or docker-archive.",
            DefaultValueFactory = _ => "auto",
        };
        var command = new Command("import", "Import images from an OCI image layout or a docker save archive into the container runtime")
        {
            source, tag, format, CrictlCommand.RuntimeEndpoint,
        };
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var first = new ImportRequest
            {
                Tag = parse.GetValue(tag) ?? "",
                Format = parse.GetValue(format) switch
                {
                    "auto" => ArchiveFormat.Auto,
                    "oci-archive" => ArchiveFormat.OciArchive,
                    "docker-archive" => ArchiveFormat.DockerArchive,
                    var other => throw new CliException($"unknown --format \"{other}\": use auto, oci-archive or docker-archive"),
                },
            };
            ImportResponse response;
            try
            {
                using var call = cri.MiniKubeImages.Import(cancellationToken: cancellationToken);
                await using (var input = OpenSource(parse.GetValue(source)!, cancellationToken))
                {
                    var buffer = new byte[ChunkSize];
                    var message = first;
                    int read;
                    while ((read = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
                    {
                        message.Data = ByteString.CopyFrom(buffer, 0, read);
                        await call.RequestStream.WriteAsync(message, cancellationToken);
                        message = new ImportRequest();
                    }
                    if (message == first) await call.RequestStream.WriteAsync(first, cancellationToken);   // empty: let the runtime say so
                }
                await call.RequestStream.CompleteAsync();
                response = await call;
            }
            catch (RpcException ex) { throw new CliException(CrictlCommand.RpcError(ex), ex); }
            // ctr's words for each image it imported.
            foreach (var image in response.Images)
            {
                foreach (var name in image.RepoTags.DefaultIfEmpty(image.Id))
                    await Console.Out.WriteLineAsync($"unpacking {name} ({image.ManifestDigest})...done");
            }
            return 0;
        });
        return command;
    }

    /// <summary>A file or stdin as it is; a directory (an OCI image layout) packed into a tar on the fly.</summary>
    private static Stream OpenSource(string path, CancellationToken cancellationToken)
    {
        if (path == "-") return Console.OpenStandardInput();
        if (File.Exists(path)) return File.OpenRead(path);
        if (!Directory.Exists(path)) throw new CliException($"open {path}: no such file or directory");
        var pipe = new Pipe();
        _ = Task.Run(async () =>
        {
            try
            {
                await TarFile.CreateFromDirectoryAsync(path, pipe.Writer.AsStream(leaveOpen: true), includeBaseDirectory: false, cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception ex) { await pipe.Writer.CompleteAsync(ex); }
        }, cancellationToken);
        return pipe.Reader.AsStream();
    }
}
