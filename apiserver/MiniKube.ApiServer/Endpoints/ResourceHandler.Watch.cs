using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Fields;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;
using MiniKube.ApiServer.Storage;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// WATCH: a long response of newline-delimited JSON events (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR).
    /// With a resourceVersion the stream holds every change after it, once and in order; without one (or "0") it
    /// first replays the current objects as ADDED. Selectors turn a change that makes an object leave the selection
    /// into DELETED and one that makes it enter into ADDED, as upstream. A compacted resourceVersion answers one
    /// ERROR event with a 410 Expired Status, and the client re-lists.
    /// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
    /// </summary>
    private async Task WatchAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        await pipeline.RunAsync(new ApiRequest { Info = info, Resource = resource }, context.RequestAborted);
        if (!resource.Stored || !resource.Verbs.Contains("watch")) throw new StatusException(StatusErrors.MethodNotAllowed());
        var shape = Negotiation.Choose(context.Request.Headers.Accept, allowTable: true, allowAggregatedDiscovery: false);
        var (labels, fields) = Selectors(context, resource);
        var query = context.Request.Query;
        if (info.Name.Length > 0) fields = FieldSelector.Parse(string.Join(",", new[] { fields.ToString(), $"metadata.name={info.Name}" }.Where(s => s.Length > 0)));
        var resourceVersion = query["resourceVersion"].ToString();
        var afterRevision = RegistryStore.ParseResourceVersion(resourceVersion);
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);

        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        lifetime.CancelAfter(timeout);
        var cancellationToken = lifetime.Token;

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(cancellationToken);
        // Send the headers now: clients learn the watch is open before the first event.
        await context.Response.Body.FlushAsync(cancellationToken);

        var writer = new WatchEventWriter(context, resource, shape == ResponseShape.Table, query["includeObject"].ToString());
        try
        {
            // "Get state and start at most recent": replay what exists, then follow from the revision of that snapshot.
            if (afterRevision == 0)
            {
                string? continueToken = null;
                do
                {
                    var page = await store.ListAsync(resource, ns, labels, fields, 500, continueToken, cancellationToken);
                    foreach (var obj in page.Items) await writer.WriteAsync("ADDED", obj, cancellationToken);
                    afterRevision = page.Revision;
                    continueToken = page.Continue;
                }
                while (continueToken is not null);
            }

            // A channel merges storage events with the periodic bookmark timer into one ordered stream.
            var events = Channel.CreateBounded<ObjectChange?>(new BoundedChannelOptions(1024) { SingleReader = true });
            var lastRevision = afterRevision;
            var pump = Task.Run(async () =>
            {
                try
                {
                    await foreach (var change in store.WatchAsync(resource, ns, afterRevision, cancellationToken))
                    {
                        await events.Writer.WriteAsync(change, cancellationToken);
                    }
                    events.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    events.Writer.TryComplete(ex);
                }
            }, cancellationToken);
            using var bookmarkTimer = bookmarks ? new PeriodicTimer(BookmarkInterval) : null;
            var bookmarkTask = bookmarkTimer is null ? null : BookmarkLoopAsync(bookmarkTimer, events.Writer, cancellationToken);

            await foreach (var change in events.Reader.ReadAllAsync(cancellationToken))
            {
                if (change is null)
                {
                    await writer.WriteBookmarkAsync(lastRevision, cancellationToken);
                    continue;
                }
                lastRevision = change.Revision;
                var wasIn = change.Previous is { } previous && RegistryStore.Matches(resource, previous, labels, fields);
                var isIn = change.Current is { } current && RegistryStore.Matches(resource, current, labels, fields);
                if (change.Current is null)
                {
                    if (wasIn) await writer.WriteAsync("DELETED", WithRevision(change.Previous!, change.Revision), cancellationToken);
                }
                else if (isIn)
                {
                    await writer.WriteAsync(wasIn ? "MODIFIED" : "ADDED", change.Current, cancellationToken);
                }
                else if (wasIn)
                {
                    await writer.WriteAsync("DELETED", change.Current, cancellationToken);
                }
            }
            await pump;
        }
        catch (RevisionCompactedException ex)
        {
            await writer.WriteStatusAsync(StatusErrors.Expired(ex.Message), CancellationToken.None);
        }
        catch (StatusException ex) when (ex.Status.Code == 410)
        {
            await writer.WriteStatusAsync(ex.Status, CancellationToken.None);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The client went away or timeoutSeconds passed: the stream simply ends.
        }
        catch (ChannelClosedException) when (lifetime.IsCancellationRequested)
        {
        }
    }

    private static async Task BookmarkLoopAsync(PeriodicTimer timer, ChannelWriter<ObjectChange?> events, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) await events.WriteAsync(null, cancellationToken);
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private static IKubernetesObject<V1ObjectMeta> WithRevision(IKubernetesObject<V1ObjectMeta> obj, long revision)
    {
        obj.Metadata.ResourceVersion = FormatRevision(revision);
        return obj;
    }

    /// <summary>Writes one watch event per line and flushes it at once, so clients see changes as they happen.</summary>
    private sealed class WatchEventWriter(HttpContext context, ResourceDefinition resource, bool asTable, string includeObject)
    {
        private bool _columnsSent;

        public Task WriteAsync(string type, IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken)
        {
            JsonNode payload;
            if (asTable)
            {
                payload = TableConvertor.ToTable(resource, [obj], new ListMetadata(obj.Metadata.ResourceVersion ?? ""), !_columnsSent, includeObject);
                _columnsSent = true;
            }
            else
            {
                payload = ToJson(obj);
            }
            return WriteLineAsync(new JsonObject { ["type"] = type, ["object"] = payload }, cancellationToken);
        }

        /// <summary>A BOOKMARK carries only kind, apiVersion and the resourceVersion the client may resume from.</summary>
        public Task WriteBookmarkAsync(long revision, CancellationToken cancellationToken) =>
            WriteLineAsync(new JsonObject
            {
                ["type"] = "BOOKMARK",
                ["object"] = new JsonObject
                {
                    ["kind"] = resource.Kind,
                    ["apiVersion"] = resource.GroupVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = FormatRevision(revision) },
                },
            }, cancellationToken);

        public Task WriteStatusAsync(V1Status status, CancellationToken cancellationToken) =>
            WriteLineAsync(new JsonObject { ["type"] = "ERROR", ["object"] = ToJson(status) }, cancellationToken);

        private async Task WriteLineAsync(JsonObject watchEvent, CancellationToken cancellationToken)
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(watchEvent.ToJsonString() + "\n"), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }
}
