using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiMachinery.Fields;
using MiniKube.ApiMachinery.Labels;
using MiniKube.ApiServer.Patch;
using MiniKube.ApiServer.Pipeline;
using MiniKube.ApiServer.Registry;

namespace MiniKube.ApiServer.Endpoints;

/// <summary>
/// The REST handlers for every resource: one entry point that checks the resource and verb, then one partial file
/// per verb (ResourceHandler.Create.cs, .Update.cs, .Patch.cs, .Delete.cs, .Get.cs, .List.cs, .Watch.cs), like
/// upstream's apiserver/pkg/endpoints/handlers. Writes go through the request pipeline, then the registry store.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/
/// </summary>
public sealed partial class ResourceHandler(ResourceRegistry registry, RegistryStore store, RequestPipeline pipeline,
    ComponentHealth componentHealth, ILogger<ResourceHandler> logger)
{
    private const int PatchRetries = 5;

    public async Task HandleAsync(HttpContext context, RequestInfo info)
    {
        var resource = registry.Find(info.ApiGroup, info.ApiVersion, info.Resource)
            ?? throw new StatusException(StatusErrors.NotFoundPath());
        var ns = resource.Namespaced ? info.Namespace : "";
        if (!resource.Namespaced && info.Namespace.Length > 0 && resource.Plural != "namespaces")
        {
            throw new StatusException(StatusErrors.NotFoundPath());
        }
        if (info.Subresource.Length > 0 && !resource.HasSubresource(info.Subresource)) throw new StatusException(StatusErrors.NotFoundPath());
        if (info.Subresource.Length == 0 && !resource.Verbs.Contains(info.Verb)) throw new StatusException(StatusErrors.MethodNotAllowed());
        if (resource.Namespaced && ns.Length == 0 && info.Verb is "create" or "update" or "patch" or "get" or "delete")
        {
            throw new StatusException(StatusErrors.NotFoundPath());
        }

        switch (info.Verb)
        {
            case "get" when info.Subresource == "scale":
                await GetScaleAsync(context, resource, ns, info.Name);
                break;
            case "get":
                await GetAsync(context, info, resource, ns);
                break;
            case "list":
                await ListAsync(context, info, resource, ns);
                break;
            case "watch":
                await WatchAsync(context, info, resource, ns);
                break;
            case "create" when info.Subresource == "binding":
                await BindAsync(context, info, resource, ns);
                break;
            case "create":
                if (info.Name.Length > 0) throw new StatusException(StatusErrors.MethodNotAllowed());
                await CreateAsync(context, info, resource, ns);
                break;
            case "update":
                if (info.Name.Length == 0) throw new StatusException(StatusErrors.MethodNotAllowed());
                await UpdateAsync(context, info, resource, ns);
                break;
            case "patch":
                if (info.Name.Length == 0) throw new StatusException(StatusErrors.MethodNotAllowed());
                await PatchAsync(context, info, resource, ns);
                break;
            case "delete":
                await DeleteAsync(context, info, resource, ns);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(context, info, resource, ns);
                break;
            default:
                throw new StatusException(StatusErrors.MethodNotAllowed());
        }
    }

    /// <summary>
    /// Turns a decoded request body into the resource's typed object: checks apiVersion and kind, reports unknown
    /// fields per <c>fieldValidation</c>, and maps type errors ("spec.replicas" given as a string) to 400.
    /// </summary>
    private IKubernetesObject<V1ObjectMeta> ToTypedObject(HttpContext context, ResourceDefinition resource, JsonObject json)
    {
        var apiVersion = StringField(json, "apiVersion", resource);
        var kind = StringField(json, "kind", resource);
        if ((kind is not null && kind != resource.Kind) || (apiVersion is not null && apiVersion != resource.GroupVersion))
        {
            throw new StatusException(StatusErrors.BadRequest(
                $"the API version in the data ({apiVersion}) does not match the expected API version ({resource.GroupVersion})" +
                (kind is not null && kind != resource.Kind ? $" or the kind in the data ({kind}) does not match the expected kind ({resource.Kind})" : "")));
        }
        var unknown = UnknownFields.Find(json, resource.ModelType).Where(f => f is not "apiVersion" and not "kind").ToList();
        var validation = context.Request.Query["fieldValidation"].ToString();
        if (unknown.Count > 0)
        {
            if (validation == "Strict")
            {
                throw new StatusException(StatusErrors.BadRequest(
                    "strict decoding error: " + string.Join(", ", unknown.Select(f => $"unknown field \"{f}\""))));
            }
            if (validation != "Ignore") foreach (var field in unknown) ResponseWriter.AddWarning(context, $"unknown field \"{field}\"");
        }
        try
        {
            var obj = ObjectCodec.Deserialize(json.ToJsonString(), resource.ModelType);
            obj.ApiVersion = resource.GroupVersion;
            obj.Kind = resource.Kind;
            obj.Metadata ??= new V1ObjectMeta();
            return obj;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new StatusException(StatusErrors.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {ex.Message}"));
        }
    }

    /// <summary>A top-level string field such as apiVersion; any other JSON type is a 400, never a crash.</summary>
    private static string? StringField(JsonObject json, string name, ResourceDefinition resource) => json[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new StatusException(StatusErrors.BadRequest(
            $"the object provided is unrecognized (must be of type {resource.Kind}): {name} must be a string")),
    };

    private static bool IsDryRun(HttpContext context)
    {
        var dryRun = context.Request.Query["dryRun"];
        if (dryRun.Count == 0) return false;
        if (dryRun.All(v => v == "All")) return true;
        throw new StatusException(StatusErrors.BadRequest($"Invalid dryRun value: {dryRun}: supported values: \"All\""));
    }

    /// <summary>The field manager for managedFields: ?fieldManager=, else derived from the User-Agent as upstream does.</summary>
    private static string FieldManagerName(HttpContext context)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length > ManagedFields.FieldManagerMaxLength)
        {
            throw new StatusException(StatusErrors.BadRequest($"fieldManager: Too long: may not be more than {ManagedFields.FieldManagerMaxLength} bytes"));
        }
        return ManagedFields.ManagerFromUserAgent(manager, context.Request.Headers.UserAgent.ToString());
    }

    private static (LabelSelector Labels, FieldSelector Fields) Selectors(HttpContext context, ResourceDefinition resource)
    {
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
            fields = FieldSelector.Parse(context.Request.Query["fieldSelector"]);
        }
        catch (FormatException ex)
        {
            throw new StatusException(StatusErrors.BadRequest(ex.Message));
        }
        var probe = (IKubernetesObject<V1ObjectMeta>)Activator.CreateInstance(resource.ModelType)!;
        probe.Metadata = new V1ObjectMeta();
        foreach (var requirement in fields.Requirements)
        {
            if (!resource.TryGetFieldValue(probe, requirement.Field, out _))
            {
                throw new StatusException(StatusErrors.BadRequest($"field label not supported: {requirement.Field}"));
            }
        }
        return (labels, fields);
    }

    private static long Revision(IKubernetesObject<V1ObjectMeta> obj) => RegistryStore.ParseResourceVersion(obj.Metadata.ResourceVersion);

    private static string FormatRevision(long revision) => revision.ToString(CultureInfo.InvariantCulture);

    private static JsonObject ToJson(object obj) => (JsonObject)JsonNode.Parse(ResponseWriter.Serialize(obj))!;
}
