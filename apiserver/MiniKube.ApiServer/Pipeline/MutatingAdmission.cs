using MiniKube.ApiServer.Admission;

namespace MiniKube.ApiServer.Pipeline;

/// <summary>Mutating admission: plugins that may change the object (defaults, injected fields) before validation.</summary>
public sealed class MutatingAdmission(IReadOnlyList<IMutatingAdmissionPlugin> plugins) : IRequestStep
{
    public async Task InvokeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation is not { } operation) return; // reads skip admission
        foreach (var plugin in plugins.Where(p => p.Handles(operation)))
        {
            await plugin.AdmitAsync(request, cancellationToken);
        }
    }
}
