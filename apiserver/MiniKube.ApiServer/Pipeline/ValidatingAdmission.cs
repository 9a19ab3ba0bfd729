using MiniKube.ApiServer.Admission;

namespace MiniKube.ApiServer.Pipeline;

/// <summary>Validating admission: plugins that may reject the final object (policy) but never change it.</summary>
public sealed class ValidatingAdmission(IReadOnlyList<IValidatingAdmissionPlugin> plugins) : IRequestStep
{
    public async Task InvokeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation is not { } operation) return;
        foreach (var plugin in plugins.Where(p => p.Handles(operation)))
        {
            await plugin.ValidateAsync(request, cancellationToken);
        }
    }
}
