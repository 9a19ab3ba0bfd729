using k8s.Models;

namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>The Containers, Images and Selector columns (shown with -o wide) that every workload's table shares.</summary>
internal static class WorkloadColumns
{
    public static TableColumn Containers<T>(Func<T, V1PodTemplateSpec?> template) where T : class =>
        TableColumn.Text("Containers", "Names of each container in the template.",
            TableColumn.For<T>(w => string.Join(",", template(w)?.Spec?.Containers?.Select(c => c.Name) ?? [])), 1);

    public static TableColumn Images<T>(Func<T, V1PodTemplateSpec?> template) where T : class =>
        TableColumn.Text("Images", "Images referenced by each container in the template.",
            TableColumn.For<T>(w => string.Join(",", template(w)?.Spec?.Containers?.Select(c => c.Image) ?? [])), 1);

    public static TableColumn Selector<T>(Func<T, V1LabelSelector?> selector) where T : class =>
        TableColumn.Text("Selector", "Label selector for pods.", TableColumn.For<T>(w => Format(selector(w))), 1);

    /// <summary>A selector the way kubectl prints it: "app=web,tier in (a,b)".</summary>
    public static string Format(V1LabelSelector? selector)
    {
        if (selector is null) return "<none>";
        var text = ApiMachinery.Labels.LabelSelector.FromV1(selector).ToString();
        return text.Length == 0 ? "<none>" : text;
    }
}
