using System.Text.Json;

namespace MiniKube.Scheduler.Framework;

/// <summary>Builds a plugin from its <c>pluginConfig</c> args (null when none were given) and the framework handle.</summary>
public delegate IPlugin PluginFactory(JsonElement? args, IFrameworkHandle handle);

/// <summary>
/// Plugin name → factory (upstream <c>Registry</c>). The scheduler can only enable plugins that are registered;
/// <see cref="Plugins.InTreeRegistry"/> registers the built-in ones, and adding a plugin is one line there.
/// </summary>
public sealed class Registry : Dictionary<string, PluginFactory>
{
    public Registry() : base(StringComparer.Ordinal)
    {
    }
}
