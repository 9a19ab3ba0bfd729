namespace MiniKube.ApiServer.Pipeline;

/// <summary>
/// The API server's request chain, in the real order: authentication → authorization → mutating admission →
/// validation → validating admission → (then the handler stores). Built once in <see cref="Create"/>, so the
/// order reads like the diagram in the docs.
/// Concept: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
/// </summary>
public sealed class RequestPipeline(params IRequestStep[] steps)
{
    public IReadOnlyList<IRequestStep> Steps { get; } = steps;

    public static RequestPipeline Create(Admission.AdmissionPlugins plugins) => new(
        new Authentication(),                            // who are you?                  → 401
        new Authorization(),                             // may you <verb> <resource>?    → 403
        new MutatingAdmission(plugins.Mutating),         // defaults, injected fields
        new Validation(),                                // schema and field rules        → 422
        new ValidatingAdmission(plugins.Validating));    // policy                        → 403/404

    public async Task RunAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        foreach (var step in Steps) await step.InvokeAsync(request, cancellationToken);
    }
}
