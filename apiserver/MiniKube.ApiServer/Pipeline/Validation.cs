using MiniKube.ApiMachinery.Errors;
using MiniKube.ApiServer.Validation;

namespace MiniKube.ApiServer.Pipeline;

/// <summary>
/// Validation: the object's own rules (metadata, then the kind's strategy), all errors collected and answered at
/// once as 422 Invalid. Runs between the two admission phases, as upstream.
/// Concept: https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
/// </summary>
public sealed class Validation : IRequestStep
{
    public Task InvokeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (request is not { Operation: AdmissionOperation.Create or AdmissionOperation.Update, Object: { } obj, Resource: { } resource })
        {
            return Task.CompletedTask;
        }
        var errors = ObjectMetaValidation.Validate(resource, obj).Concat(resource.Strategy.Validate(obj)).ToList();
        if (request.Operation == AdmissionOperation.Update && request.OldObject is { } old)
        {
            errors.AddRange(resource.Strategy.ValidateUpdate(obj, old));
        }
        if (errors.Count > 0)
        {
            throw new StatusException(StatusErrors.Invalid(resource.Group, resource.Kind, obj.Metadata?.Name ?? "", errors));
        }
        return Task.CompletedTask;
    }
}
