namespace MiniKube.ApiServer.Admission;

/// <summary>The enabled admission plugins, split by phase (from <c>--enable-admission-plugins</c>).</summary>
public sealed record AdmissionPlugins(IReadOnlyList<IMutatingAdmissionPlugin> Mutating, IReadOnlyList<IValidatingAdmissionPlugin> Validating);
