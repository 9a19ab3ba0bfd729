using System.CommandLine;
using MiniKube.Cli.Client;
using MiniKube.Cli.Discovery;

namespace MiniKube.Cli.Commands;

/// <summary>
/// What one minictl invocation works with: the API client built from the kubeconfig, the namespace to use, the
/// standard streams, and the resource types learned from discovery (fetched once, on first use), like kubectl's
/// cmdutil.Factory.
/// Concept: https://kubernetes.io/docs/reference/kubectl/
/// </summary>
public sealed class CliContext : IDisposable
{
    private readonly string? _namespaceFlag;
    private RestMapper? _mapper;

    private CliContext(ApiClient client, string? namespaceFlag, int verbosity)
    {
        Client = client;
        _namespaceFlag = namespaceFlag;
        Verbosity = verbosity;
    }

    public ApiClient Client { get; }

    public int Verbosity { get; }

    public TextWriter Out { get; } = Console.Out;

    public TextWriter Err { get; } = Console.Error;

    public TextReader In { get; } = Console.In;

    /// <summary><c>-n</c> if given, else the namespace of the kubeconfig context, else "default".</summary>
    public string Namespace => string.IsNullOrEmpty(_namespaceFlag) ? Client.DefaultNamespace : _namespaceFlag;

    /// <summary>True when the user passed <c>-n</c>: then a manifest naming another namespace is an error.</summary>
    public bool NamespaceIsExplicit => !string.IsNullOrEmpty(_namespaceFlag);

    public static CliContext Create(ParseResult parse, GlobalOptions globals)
    {
        var verbosity = parse.GetValue(globals.Verbosity);
        var client = ApiClient.FromKubeconfig(parse.GetValue(globals.Kubeconfig), parse.GetValue(globals.Context), Console.Error, verbosity);
        return new CliContext(client, parse.GetValue(globals.Namespace), verbosity);
    }

    /// <summary>The resource types the server serves (two discovery requests, made once per invocation).</summary>
    public async Task<RestMapper> MapperAsync(CancellationToken cancellationToken) =>
        _mapper ??= new RestMapper(await new DiscoveryClient(Client).ServerResourcesAsync(cancellationToken));

    public void Dispose() => Client.Dispose();
}
