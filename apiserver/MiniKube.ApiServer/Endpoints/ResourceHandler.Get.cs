using k8s;
using k8s.Models;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

public sealed partial class ResourceHandler
{
    /// <summary>GET one object: as JSON/YAML, or as a one-row Table for <c>kubectl get pod web</c>.</summary>
    private async Task GetAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns)
    {
        await pipeline.RunAsync(new ApiRequest { Info = info, Resource = resource }, context.RequestAborted);
        var shape = Negotiation.Choose(context.Request.Headers.Accept, allowTable: true, allowAggregatedDiscovery: false);
        IKubernetesObject<V1ObjectMeta> obj;
        if (!resource.Stored)
        {
            obj = await componentHealth.GetAsync(info.Name, context.RequestAborted);
            ResponseWriter.AddWarning(context, Registry.Resources.ComponentStatuses.DeprecationWarning);
        }
        else
        {
            obj = await store.GetExistingAsync(resource, ns, info.Name, context.RequestAborted);
        }
        if (info.Subresource == "status" || info.Subresource.Length == 0)
        {
            if (shape == ResponseShape.Table)
            {
                var table = TableConvertor.ToTable(resource, [obj], new ListMetadata(obj.Metadata.ResourceVersion ?? ""), includeColumns: true,
                    context.Request.Query["includeObject"].ToString());
                await ResponseWriter.WriteObjectAsync(context, table, 200);
                return;
            }
            await ResponseWriter.WriteObjectAsync(context, obj, 200, shape);
            return;
        }
        throw new StatusException(ApiMachinery.Errors.StatusErrors.MethodNotAllowed());
    }
}
