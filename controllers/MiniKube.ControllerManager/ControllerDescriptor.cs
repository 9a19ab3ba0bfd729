using MiniKube.ApiMachinery.Controllers;

namespace MiniKube.ControllerManager;

/// <summary>
/// One entry of the controller manager's table of controllers (upstream: <c>ControllerDescriptor</c> in
/// cmd/kube-controller-manager): the name <c>--controllers</c> knows it by, older names still accepted, how to build
/// it, and how many workers (its <c>--concurrent-*-syncs</c> flag) it runs.
/// </summary>
public sealed record ControllerDescriptor(
    string Name,
    IReadOnlyList<string> Aliases,
    Func<ControllerContext, Controller> Create,
    Func<ControllerManagerOptions, int> Workers);
