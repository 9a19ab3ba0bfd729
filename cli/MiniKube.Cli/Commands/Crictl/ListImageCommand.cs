using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using MiniKube.Cri.V1;

namespace MiniKube.Cli.Commands.Crictl;

/// <summary>
/// <c>crictl images [REPOSITORY[:TAG]]</c>: the images the node has (ListImages), one row per tag:
/// IMAGE, TAG, IMAGE ID (cut to 13 characters), SIZE; <c>-q</c> prints only the full ids.
/// Concept: https://kubernetes.io/docs/concepts/containers/images/
/// </summary>
public static class ListImageCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var filter = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne, Description = "Only this image." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var digests = new Option<bool>("--digests") { Description = "Show digests" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Show output without truncating the ID" };
        var output = new Option<string>("--output", "-o") { Description = "Output format, One of: json|yaml|table", DefaultValueFactory = _ => "table" };
        var command = new Command("images", "List images") { filter, quiet, digests, noTrunc, output };
        command.Aliases.Add("image");
        command.Aliases.Add("img");
        CrictlCommand.SetAction(command, globals, async (cri, parse, cancellationToken) =>
        {
            var request = new ListImagesRequest();
            if (parse.GetValue(filter) is { Length: > 0 } wanted) request.Filter = new ImageFilter { Image = new ImageSpec { Image = wanted } };
            var images = (await cri.Images.ListImagesAsync(request, cancellationToken: cancellationToken)).Images
                .OrderBy(i => i.RepoTags.FirstOrDefault() ?? "\uffff", StringComparer.Ordinal).ToList();
            if (parse.GetValue(output) is "json" or "yaml")
            {
                var list = new ListImagesResponse { Images = { images } };
                await Console.Out.WriteAsync(CriOutput.Format(CriOutput.ToJson(list), parse.GetValue(output)!));
                return 0;
            }
            if (parse.GetValue(quiet))
            {
                foreach (var image in images) await Console.Out.WriteLineAsync(image.Id);
                return 0;
            }
            var showDigests = parse.GetValue(digests);
            var trunc = !parse.GetValue(noTrunc);
            var text = new StringBuilder(showDigests ? "IMAGE\tTAG\tDIGEST\tIMAGE ID\tSIZE\n" : "IMAGE\tTAG\tIMAGE ID\tSIZE\n");
            foreach (var image in images)
            {
                var id = CriOutput.Truncate(image.Id, !trunc);
                var size = CriOutput.HumanSize(image.Size);
                var digest = image.RepoDigests.Count > 0 ? CriOutput.Truncate(image.RepoDigests[0][(image.RepoDigests[0].IndexOf('@', StringComparison.Ordinal) + 1)..], !trunc) : "<none>";
                var tags = image.RepoTags.Count > 0 ? image.RepoTags.Select(SplitTag) : [("<none>", "<none>")];
                foreach (var (repository, tag) in tags)
                    text.Append(showDigests ? $"{repository}\t{tag}\t{digest}\t{id}\t{size}\n" : $"{repository}\t{tag}\t{id}\t{size}\n");
            }
            await Console.Out.WriteAsync(CriOutput.Table().Format(text.ToString().TrimEnd('\n')) + "\n");
            return 0;
        });
        return command;
    }

    /// <summary>docker.io/library/busybox:1.36 → (docker.io/library/busybox, 1.36); the tag is after the last ':' past the last '/'.</summary>
    public static (string Repository, string Tag) SplitTag(string repoTag)
    {
        var colon = repoTag.LastIndexOf(':');
        return colon > repoTag.LastIndexOf('/') ? (repoTag[..colon], repoTag[(colon + 1)..]) : (repoTag, "<none>");
    }
}
