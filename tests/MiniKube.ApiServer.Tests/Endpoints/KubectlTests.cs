using System.Text.Json.Nodes;
using MiniKube.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MiniKube.ApiServer.Tests.Endpoints;

/// <summary>
/// Real kubectl against a real minikube-apiserver process: the commands a student types in their first hour,
/// run with kubectl 1.33 (protobuf bodies for `create` generators, aggregated discovery v2) and kubectl 1.28
/// (JSON bodies, OpenAPI v2 in protobuf), on both storage backends. Each test works in its own namespace.
/// </summary>
public abstract class KubectlTests(ApiServerProcess server, string version, ITestOutputHelper output) : IDisposable
{
    private readonly Kubectl _kubectl = new(version, server.KubeconfigPath);
    private readonly string _ns = "t-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _files = [];

    private async Task<string> Kubectl(params string[] args)
    {
        output.WriteLine($"$ kubectl.{version} {string.Join(' ', args)}");
        var stdout = await _kubectl.SucceedAsync(args);
        output.WriteLine(stdout);
        return stdout;
    }

    private async Task<CommandResult> KubectlResult(params string[] args)
    {
        output.WriteLine($"$ kubectl.{version} {string.Join(' ', args)}");
        var result = await _kubectl.RunAsync(args);
        output.WriteLine(result.ToString());
        return result;
    }

    // The namespace goes first: anything after "--" belongs to the container's command.
    private async Task<string> InNamespace(params string[] args) => await Kubectl(["-n", _ns, .. args]);

    private string WriteFile(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"minikube-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        _files.Add(path);
        return path;
    }

    private static string Deployment(string name, string image, int replicas = 2) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          labels:
            app: {name}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: main
                image: {image}
                ports:
                - containerPort: 80
                env:
                - name: MODE
                  value: demo
        """;

    private async Task CreateNamespaceAsync() => await Kubectl("create", "namespace", _ns);

    [ConformanceFact]
    public async Task CreateFromFile_ThenGet_PrintsTableWideYamlAndJsonpath()
    {
        await CreateNamespaceAsync();
        var file = WriteFile(Deployment("web", "busybox:1.36") + """

            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              color: blue
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: solo
              labels:
                app: solo
            spec:
              containers:
              - name: main
                image: busybox:1.36
            """);

        var created = await InNamespace("create", "-f", file);
        Assert.Contains("deployment.apps/web created", created);
        Assert.Contains("configmap/settings created", created);
        Assert.Contains("pod/solo created", created);

        var pods = await InNamespace("get", "pods");
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE", pods);
        Assert.Matches(@"solo\s+0/1\s+Pending\s+0\s+\d+s", pods);
        var wide = await InNamespace("get", "pods", "-o", "wide");
        Assert.Matches(@"IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES", wide);
        var deployments = await InNamespace("get", "deployments", "-o", "wide");
        Assert.Matches(@"web\s+0/2\s+0\s+0\s+\S+\s+main\s+busybox:1.36\s+app=web", deployments);
        var yaml = await InNamespace("get", "deployment", "web", "-o", "yaml");
        Assert.Contains("kind: Deployment", yaml);
        Assert.Contains("replicas: 2", yaml);
        Assert.Contains("resourceVersion:", yaml);
        Assert.Equal("blue", await InNamespace("get", "configmap", "settings", "-o", "jsonpath={.data.color}"));
        Assert.Equal("web", await InNamespace("get", "deploy", "-o", "jsonpath={.items[0].metadata.name}"));
    }

    [ConformanceFact]
    public async Task CreateGenerators_AndRun_CreateWhatTheySay()
    {
        await CreateNamespaceAsync();
        Assert.Contains("deployment.apps/gen created", await InNamespace("create", "deployment", "gen", "--image=busybox:1.36", "--replicas=3", "--", "sleep", "3600"));
        Assert.Contains("configmap/lit created", await InNamespace("create", "configmap", "lit", "--from-literal=a=b"));
        Assert.Contains("pod/runner created", await InNamespace("run", "runner", "--image=busybox:1.36", "--labels=app=runner", "--", "sleep", "1"));

        Assert.Equal("3", await InNamespace("get", "deployment", "gen", "-o", "jsonpath={.spec.replicas}"));
        Assert.Equal("sleep 3600", await InNamespace("get", "deployment", "gen", "-o", "jsonpath={.spec.template.spec.containers[0].command[*]}"));
        Assert.Equal("b", await InNamespace("get", "configmap", "lit", "-o", "jsonpath={.data.a}"));
        Assert.Equal("busybox:1.36", await InNamespace("get", "pod", "runner", "-o", "jsonpath={.spec.containers[0].image}"));
        Assert.Equal("Active", await Kubectl("get", "namespace", _ns, "-o", "jsonpath={.status.phase}"));
    }

    [ConformanceFact]
    public async Task Describe_DeploymentAndPod_ShowTheirFields()
    {
        await CreateNamespaceAsync();
        await InNamespace("create", "-f", WriteFile(Deployment("web", "busybox:1.36")));
        await InNamespace("run", "solo", "--image=busybox:1.36");

        var deployment = await InNamespace("describe", "deployment", "web");
        Assert.Matches(@"Name:\s+web", deployment);
        Assert.Matches(@"Selector:\s+app=web", deployment);
        Assert.Matches(@"Image:\s+busybox:1.36", deployment);
        var pod = await InNamespace("describe", "pod", "solo");
        Assert.Matches(@"Status:\s+Pending", pod);
    }

    [ConformanceFact]
    public async Task Apply_TwiceThenChanged_IsCreatedUnchangedConfigured()
    {
        await CreateNamespaceAsync();
        var first = WriteFile(Deployment("web", "busybox:1.36"));
        Assert.Contains("deployment.apps/web created", await InNamespace("apply", "-f", first));
        Assert.Contains("deployment.apps/web unchanged", await InNamespace("apply", "-f", first));
        Assert.Contains("deployment.apps/web configured", await InNamespace("apply", "-f", WriteFile(Deployment("web", "busybox:1.37", replicas: 3))));

        Assert.Equal("busybox:1.37", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("3", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"));
        // The strategic merge kept the container's other fields (merged by name, not replaced).
        Assert.Equal("demo", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].env[0].value}"));
        Assert.Equal("2", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.metadata.generation}"));
    }

    [ConformanceFact]
    public async Task ApplyServerSide_Twice_UpdatesAndTracksManagedFields()
    {
        await CreateNamespaceAsync();
        Assert.Contains("deployment.apps/ssa serverside-applied", await InNamespace("apply", "--server-side", "-f", WriteFile(Deployment("ssa", "busybox:1.36"))));
        Assert.Contains("deployment.apps/ssa serverside-applied", await InNamespace("apply", "--server-side", "-f", WriteFile(Deployment("ssa", "busybox:1.37", 4))));

        Assert.Equal("4", await InNamespace("get", "deployment", "ssa", "-o", "jsonpath={.spec.replicas}"));
        Assert.Equal("busybox:1.37", await InNamespace("get", "deployment", "ssa", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        var managers = await InNamespace("get", "deployment", "ssa", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}");
        Assert.Contains("kubectl", managers);
    }

    [ConformanceFact]
    public async Task Patch_JsonMergeAndStrategic_ChangeOnlyWhatTheySay()
    {
        await CreateNamespaceAsync();
        await InNamespace("create", "-f", WriteFile(Deployment("web", "busybox:1.36")));

        await InNamespace("patch", "deployment", "web", "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":5}]""");
        Assert.Equal("5", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"));
        await InNamespace("patch", "deployment", "web", "--type=merge", "-p", """{"metadata":{"labels":{"tier":"front"}}}""");
        Assert.Equal("front", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.metadata.labels.tier}"));
        await InNamespace("patch", "deployment", "web", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"busybox:1.37"}]}}}}""");
        Assert.Equal("busybox:1.37", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("demo", await InNamespace("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].env[0].value}"));

        var bad = await KubectlResult("patch", "deployment", "web", "-n", _ns, "--type=json", "-p", """[{"op":"test","path":"/spec/replicas","value":1}]""");
        Assert.NotEqual(0, bad.ExitCode);
    }

    [ConformanceFact]
    public async Task ScaleSetImageLabelAnnotate_ChangeTheDeployment()
    {
        await CreateNamespaceAsync();
        await InNamespace("create", "-f", WriteFile(Deployment("web", "busybox:1.36")));

        Assert.Contains("deployment.apps/web scaled", await InNamespace("scale", "deployment", "web", "--replicas=4"));
        Assert.Contains("deployment.apps/web image updated", await InNamespace("set", "image", "deployment/web", "main=busybox:1.37"));
        Assert.Contains("deployment.apps/web labeled", await InNamespace("label", "deployment", "web", "team=blue"));
        Assert.Contains("deployment.apps/web annotated", await InNamespace("annotate", "deployment", "web", "owner=students"));

        Assert.Equal("4 busybox:1.37 blue students", await InNamespace("get", "deployment", "web", "-o",
            "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.labels.team} {.metadata.annotations.owner}"));
    }

    [ConformanceFact]
    public async Task Delete_WaitsUntilGone()
    {
        await CreateNamespaceAsync();
        await InNamespace("create", "-f", WriteFile(Deployment("web", "busybox:1.36")));
        await InNamespace("create", "configmap", "gone", "--from-literal=a=b");

        Assert.Contains("deployment.apps \"web\" deleted", await InNamespace("delete", "deployment", "web", "--wait=true"));
        Assert.Contains("configmap \"gone\" deleted", await InNamespace("delete", "configmap", "gone"));
        var missing = await KubectlResult("get", "deployment", "web", "-n", _ns);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"web\" not found", missing.StdErr);
    }

    [ConformanceFact]
    public async Task GetWatch_SeesAddedModifiedDeleted()
    {
        await CreateNamespaceAsync();
        await InNamespace("create", "configmap", "first", "--from-literal=a=1");
        await using var watch = ChildProcess.Start(MiniKube.Testing.Kubectl.Locate(version),
            ["--kubeconfig", server.KubeconfigPath, "get", "configmaps", "-n", _ns, "-w", "--output-watch-events"]);
        // The list comes first (ADDED for what exists); once "first" is printed, the watch is open.
        await Eventually.UntilAsync(() => Task.FromResult(watch.Output.Contains("first", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "kubectl get -w to print the existing configmap");

        await InNamespace("create", "configmap", "watched", "--from-literal=a=1");
        await InNamespace("patch", "configmap", "watched", "--type=merge", "-p", """{"data":{"a":"2"}}""");
        await InNamespace("delete", "configmap", "watched");

        await Eventually.UntilAsync(() => Task.FromResult(watch.Output.Contains("DELETED", StringComparison.Ordinal)), TimeSpan.FromSeconds(30),
            "the DELETED event");
        output.WriteLine(watch.Output);
        var events = watch.Output.Split('\n').Where(l => l.Contains("watched", StringComparison.Ordinal)).Select(l => l.Split(' ', 2)[0]).ToList();
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events);
    }

    [ConformanceFact]
    public async Task GetAllApiResourcesAndExplain_Work()
    {
        await CreateNamespaceAsync();
        await InNamespace("create", "-f", WriteFile(Deployment("web", "busybox:1.36")));

        Assert.Contains("deployment.apps/web", await InNamespace("get", "all"));
        var resources = await Kubectl("api-resources");
        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", resources);
        Assert.Matches(@"pods\s+po\s+v1\s+true\s+Pod", resources);
        Assert.Matches(@"namespaces\s+ns\s+v1\s+false\s+Namespace", resources);
        var explain = await Kubectl("explain", "pod.spec.containers");
        Assert.Contains("image", explain);
        Assert.Contains("Container", explain);
    }

    [ConformanceFact]
    public async Task GetEvents_ShowsRecordedEvents()
    {
        await CreateNamespaceAsync();
        await InNamespace("run", "solo", "--image=busybox:1.36");
        await InNamespace("create", "-f", WriteFile($"""
            apiVersion: v1
            kind: Event
            metadata:
              name: solo.1
            involvedObject:
              kind: Pod
              name: solo
              namespace: {_ns}
            reason: Scheduled
            message: Successfully assigned {_ns}/solo to node-1
            type: Normal
            source:
              component: default-scheduler
            count: 1
            """));

        var events = await InNamespace("get", "events");
        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE", events);
        Assert.Matches(@"Normal\s+Scheduled\s+pod/solo\s+Successfully assigned", events);
    }

    [ConformanceFact]
    public async Task WaitForJsonpath_ReturnsWhenTheFieldMatches()
    {
        await CreateNamespaceAsync();
        await InNamespace("create", "configmap", "gate", "--from-literal=ready=no");
        var wait = KubectlResult("wait", "-n", _ns, "--for=jsonpath={.data.ready}=yes", "configmap/gate", "--timeout=60s");
        await InNamespace("patch", "configmap", "gate", "--type=merge", "-p", """{"data":{"ready":"yes"}}""");
        var result = await wait;
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("configmap/gate condition met", result.StdOut);
    }

    [ConformanceFact]
    public async Task AuthCanIAndComponentStatuses_Answer()
    {
        // kubectl 1.33 sends the SelfSubjectAccessReview as protobuf; the AlwaysAllow authorizer says yes.
        Assert.Equal("yes", (await Kubectl("auth", "can-i", "create", "pods")).Trim());
        var result = await KubectlResult("get", "componentstatuses");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"etcd-0\s+Healthy\s+ok", result.StdOut);
        Assert.Contains("Warning: v1 ComponentStatus is deprecated in v1.19+", result.StdErr);
    }

    public void Dispose()
    {
        _kubectl.Dispose();
        foreach (var file in _files) File.Delete(file);
        GC.SuppressFinalize(this);
    }
}

[RequiresTools("kubectl")]
public sealed class Kubectl133OnSqliteTests(SqliteApiServerFixture fixture, ITestOutputHelper output)
    : KubectlTests(fixture.Server, "1.33", output), IClassFixture<SqliteApiServerFixture>;

[RequiresTools("kubectl")]
public sealed class Kubectl128OnSqliteTests(SqliteApiServerFixture fixture, ITestOutputHelper output)
    : KubectlTests(fixture.Server, "1.28", output), IClassFixture<SqliteApiServerFixture>;

[RequiresTools("kubectl", "etcd")]
public sealed class Kubectl133OnEtcdTests(EtcdApiServerFixture fixture, ITestOutputHelper output)
    : KubectlTests(fixture.Server, "1.33", output), IClassFixture<EtcdApiServerFixture>;

[RequiresTools("kubectl", "etcd")]
public sealed class Kubectl128OnEtcdTests(EtcdApiServerFixture fixture, ITestOutputHelper output)
    : KubectlTests(fixture.Server, "1.28", output), IClassFixture<EtcdApiServerFixture>;
