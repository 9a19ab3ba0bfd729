using System.Text.Json;
using MiniKube.Runc.Cli;
using MiniKube.Runc.Spec;

namespace MiniKube.Runc.Commands;

/// <summary>`minirunc spec [--bundle DIR]`: writes a starting config.json, like `runc spec`, to edit by hand.</summary>
internal static class SpecCommand
{
    public static readonly Command Definition = new("spec", "spec [--bundle DIR]",
        "write a default config.json into the bundle directory", 0, 0, [new("bundle", TakesValue: true, Alias: "b"), new("rootless")], Run);

    private static int Run(GlobalOptions global, ParsedArguments args)
    {
        var file = Path.Join(args.Value("bundle") ?? Environment.CurrentDirectory, "config.json");
        if (File.Exists(file)) throw new RuncException($"File {file} exists. Remove it first");
        File.WriteAllText(file, JsonSerializer.Serialize(DefaultSpec.Create(), MiniruncJsonContext.Indented.RuntimeSpec) + "\n");
        return 0;
    }
}
