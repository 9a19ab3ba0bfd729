using System.Text.Json;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    /// <summary>
    /// LIST a collection, with label and field selectors and limit/continue pagination. The list's
    /// <c>metadata.resourceVersion</c> is the revision it was read at, which is where a following watch starts.
    /// </summary>
    private async Task ListAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        await pipeline.RunAsync(new ApiRequest { Info = info, Resource = resource }, context.RequestAborted);
        var shape = Negotiation.Choose(context.Request.Headers.Accept, allowTable: true, allowAggregatedDiscovery: false);
        var (labels, fields) = Selectors(context, resource);
        var limit = ParseLimit(context.Request.Query["limit"]);
        if (resource.Stored && shape == ResponseShape.Json && labels.IsEverything && fields.IsEverything)
        {
            await ListRawAsync(context, resource, ns, limit);
            return;
        }
        ListPage page;
        if (!resource.Stored)
        {
            var all = await componentHealth.ListAsync(context.RequestAborted);
            var revision = await store.Storage.CurrentRevisionAsync(context.RequestAborted);
            page = new ListPage(all.Where(o => RegistryStore.Matches(resource, o, labels, fields)).ToList(), revision, null, null);
            ResponseWriter.AddWarning(context, Registry.Resources.ComponentStatuses.DeprecationWarning);
        }
        else
        {
            page = await store.ListAsync(resource, ns, labels, fields, limit, context.Request.Query["continue"], context.RequestAborted);
        }
        var metadata = new ListMetadata(FormatRevision(page.Revision), page.Continue, page.RemainingItemCount);
        if (shape == ResponseShape.Table)
        {
            var table = TableConvertor.ToTable(resource, page.Items, metadata, includeColumns: true, context.Request.Query["includeObject"].ToString());
            await ResponseWriter.WriteObjectAsync(context, table, 200);
            return;
        }
        if (shape == ResponseShape.Yaml)
        {
            await ResponseWriter.WriteObjectAsync(context, await ListAsJsonAsync(resource, page.Items, metadata, context.RequestAborted), 200, shape);
            return;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        await WriteListAsync(context.Response.Body, resource, page.Items, metadata, context.RequestAborted);
    }

    /// <summary>The fast path of LIST: no selectors and plain JSON, so the stored bytes go out without being decoded.</summary>
    private async Task ListRawAsync(HttpContext context, ResourceDefinition resource, string ns, int limit)
    {
        var page = await store.ListStoredAsync(resource, ns, limit, context.Request.Query["continue"], context.RequestAborted);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        WriteListHeader(writer, resource, new ListMetadata(FormatRevision(page.Revision), page.Continue, page.RemainingItemCount));
        foreach (var stored in page.Items)
        {
            ObjectCodec.WriteListItem(writer, resource, stored);
            if (writer.BytesPending > 64 * 1024) await writer.FlushAsync(context.RequestAborted);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static int ParseLimit(string? value)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        return int.TryParse(value, out var limit) && limit >= 0
            ? limit
            : throw new StatusException(StatusErrors.BadRequest($"limit: Invalid value: \"{value}\": must be a non-negative integer"));
    }

    /// <summary>
    /// Streams <c>{"kind":"PodList","apiVersion":"v1","metadata":{…},"items":[…]}</c> item by item, so a list of
    /// 10,000 pods is never held as one big string. As upstream, items carry no kind/apiVersion of their own.
    /// </summary>
    private static async Task WriteListAsync(Stream body, ResourceDefinition resource, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> items,
        ListMetadata metadata, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body);
        WriteListHeader(writer, resource, metadata);
        foreach (var item in items)
        {
            item.ApiVersion = null;
            item.Kind = null;
            writer.WriteRawValue(ObjectCodec.Serialize(item), skipInputValidation: true);
            if (writer.BytesPending > 64 * 1024) await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Everything of a list before its items: kind, apiVersion, metadata, and the opening of "items".</summary>
    private static void WriteListHeader(Utf8JsonWriter writer, ResourceDefinition resource, ListMetadata metadata)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", resource.ListKind);
        writer.WriteString("apiVersion", resource.GroupVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", metadata.ResourceVersion);
        if (metadata.Continue is not null) writer.WriteString("continue", metadata.Continue);
        if (metadata.RemainingItemCount is not null) writer.WriteNumber("remainingItemCount", metadata.RemainingItemCount.Value);
        writer.WriteEndObject();
        writer.WriteStartArray("items");
    }

    /// <summary>The list as a JSON tree, for the YAML writer: the same bytes <see cref="WriteListAsync"/> streams.</summary>
    private static async Task<System.Text.Json.Nodes.JsonObject> ListAsJsonAsync(ResourceDefinition resource,
        IReadOnlyList<IKubernetesObject<V1ObjectMeta>> items, ListMetadata metadata, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await WriteListAsync(buffer, resource, items, metadata, cancellationToken);
        return (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(buffer.ToArray())!;
    }
}
