using Grpc.Core;
using Microsoft.Extensions.Logging;
using MiniKube.Runtime.Cri;
using MiniKube.Runtime.Snapshots;
using V1 = MiniKube.Images.V1;

namespace MiniKube.Runtime.Images;

/// <summary>
/// MiniKube's own image API beside the CRI (proto/minikube/images.proto), as containerd serves its images service
/// beside its CRI plugin: the CRI can only pull, and an offline lab needs to load an image from a file
/// (<c>minictl import</c>). Served on the same socket as the CRI.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/#pre-pulled-images
/// </summary>
public sealed partial class ImagesService(
    RuntimeOptions options, ContentStore content, Snapshotter snapshotter, ImageStore images, ILogger<ImagesService> logger, ILoggerFactory loggerFactory)
    : V1.Images.ImagesBase
{
    /// <summary>An archive larger than this is refused while it streams in (a runaway client must not fill the disk).</summary>
    public const long MaxArchiveBytes = 16L << 30;

    public override async Task<V1.ImportResponse> Import(IAsyncStreamReader<V1.ImportRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        // Spooled into the content store's ingest directory, which the store empties at start: a crash leaves nothing.
        var spool = Path.Join(options.Root, "ingest", "import-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = (V1.ImportRequest?)null;
            long received = 0;
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await foreach (var chunk in requestStream.ReadAllAsync(cancellationToken))
                {
                    first ??= chunk;
                    received += chunk.Data.Length;
                    if (received > MaxArchiveBytes) throw new InvalidArgumentException($"the archive is larger than {MaxArchiveBytes} bytes; refusing it");
                    await file.WriteAsync(chunk.Data.Memory, cancellationToken);
                }
            }
            if (first is null || received == 0) throw new InvalidArgumentException("no archive was sent");
            Log.Importing(logger, first.Format.ToString(), first.Tag, received);
            using var archive = ImageArchive.Open(spool);
            var importer = new ImageImporter(content, snapshotter, images, loggerFactory.CreateLogger<ImageImporter>());
            var imported = await importer.ImportAsync(archive, first.Format, first.Tag, cancellationToken);
            var response = new V1.ImportResponse();
            response.Images.AddRange(imported.Select(i => new V1.ImportedImage { Id = i.Id, RepoTags = { i.RepoTags }, ManifestDigest = i.ManifestDigests[0] }));
            return response;
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            // CriInterceptor maps errors for unary calls only; this client-streaming call uses the same mapping.
            var code = CriInterceptor.ToStatusCode(ex);
            Log.ImportFailed(logger, code.ToString(), ex.Message, code == StatusCode.Unknown ? ex : null);
            throw new RpcException(new Status(code, "failed to import image: " + ex.Message));
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4141, Level = LogLevel.Information, Message = "RPC for Import {{ \"format\": \"{Format}\", \"tag\": \"{Tag}\" }} ({Bytes} bytes)")]
        public static partial void Importing(ILogger logger, string format, string tag, long bytes);

        [LoggerMessage(EventId = 4142, Level = LogLevel.Error, Message = "RPC for Import failed ({Code}): {Error}")]
        public static partial void ImportFailed(ILogger logger, string code, string error, Exception? exception);
    }
}
