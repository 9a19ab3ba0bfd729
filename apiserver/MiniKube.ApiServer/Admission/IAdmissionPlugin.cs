using MiniKube.ApiServer.Pipeline;

namespace MiniKube.ApiServer.Admission;

/// <summary>
/// An admission plugin, named as kube-apiserver's <c>--enable-admission-plugins</c> names it. Each plugin says which
/// operations it handles. Concept: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
/// </summary>
public interface IAdmissionPlugin
{
    string Name { get; }
    bool Handles(AdmissionOperation operation);
}

/// <summary>A plugin that may change the object before validation.</summary>
public interface IMutatingAdmissionPlugin : IAdmissionPlugin
{
    Task AdmitAsync(ApiRequest request, CancellationToken cancellationToken);
}

/// <summary>A plugin that may only accept or reject the validated object.</summary>
public interface IValidatingAdmissionPlugin : IAdmissionPlugin
{
    Task ValidateAsync(ApiRequest request, CancellationToken cancellationToken);
}
