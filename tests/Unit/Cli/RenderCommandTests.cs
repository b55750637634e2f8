using System.Text;
using KubeApiExporter.Host.Cli;
using KubeApiExporter.Configuration;
using KubeApiExporter.Registry;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Cli;

/// <summary>
/// <c>kube-api-exporter render FILE|-</c> with the shipped exporter.yaml: kubectl JSON in, the
/// exposition the service would serve out.
/// </summary>
public sealed class RenderCommandTests
{
    private static string HelloworldPath => Path.Combine(AppContext.BaseDirectory, "examples", "helloworld.json");

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Exposition Exposition => Exposition.Parse(Stdout);
        public HashSet<string> Samples => Exposition.Samples.Select(s => s.Canonical).ToHashSet();
    }

    private static async Task<Result> RunAsync(string input, string? resource = null, Stream? stdin = null, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await RenderCommand.RunAsync(ShippedConfig.Value, input, resource, stdout, stderr, stdin, format);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<Result> RunJsonAsync(string json, string? resource = null, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var dir = Directory.CreateTempSubdirectory("kae-render-");
        try
        {
            var path = Path.Combine(dir.FullName, "input.json");
            await File.WriteAllTextAsync(path, json);
            return await RunAsync(path, resource, format: format);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Canonical(string name, double value, params (string, string)[] labels) =>
        new Exposition.Sample(name, labels.ToDictionary(l => l.Item1, l => l.Item2), value, "").Canonical;

    private static readonly string[] SpecSamples =
    [
        Canonical("k8s_deployment_metadata_generation", 2, ("name", "helloworld"), ("namespace", "default")),
        Canonical("k8s_deployment_spec_replicas", 1, ("name", "helloworld"), ("namespace", "default")),
        Canonical("k8s_deployment_spec_strategy_rollingUpdate_maxSurge", 1, ("name", "helloworld"), ("namespace", "default")),
        Canonical("k8s_deployment_spec_template_spec_terminationGracePeriodSeconds", 30, ("name", "helloworld"), ("namespace", "default")),
        Canonical("k8s_deployment_status_availableReplicas", 1, ("name", "helloworld"), ("namespace", "default")),
        Canonical("k8s_deployment_status_observedGeneration", 2, ("name", "helloworld"), ("namespace", "default")),
        Canonical("k8s_deployment_status_replicas", 1, ("name", "helloworld"), ("namespace", "default")),
        Canonical("k8s_deployment_status_updatedReplicas", 1, ("name", "helloworld"), ("namespace", "default")),
    ];

    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web-1","namespace":"shop","uid":"u-1","labels":{"app":"web"}},
         "spec":{"nodeName":"node-a","containers":[{"name":"web","image":"nginx:1.27","resources":{"requests":{"cpu":"250m"}}}]},
         "status":{"containerStatuses":[{"name":"web","restartCount":4,"ready":true}]}}
        """;

    private const string Service = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"frontend","namespace":"shop"},"spec":{"ports":[{"port":80}]}}
        """;

    [Fact]
    public async Task Helloworld_renders_the_eight_README_samples_as_valid_exposition()
    {
        var result = await RunAsync(HelloworldPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var samples = result.Samples; // parsing is strict: grouped families, escapes, values
        var missing = SpecSamples.Where(s => !samples.Contains(s)).ToList();
        Assert.True(missing.Count == 0, $"missing quick-start samples:\n{string.Join("\n", missing)}\noutput:\n{result.Stdout}");
        Assert.Equal("spec.replicas of apps/v1 deployments", result.Exposition.Help["k8s_deployment_spec_replicas"]);
        Assert.All(result.Exposition.Families, f => Assert.Equal("gauge", result.Exposition.Types[f]));
    }

    [Fact]
    public async Task Helloworld_has_no_managedFields_series()
    {
        var result = await RunAsync(HelloworldPath);
        Assert.DoesNotContain("managedFields", result.Stdout);
    }

    [Fact]
    public async Task Kubectl_List_with_two_kinds_renders_each_with_its_own_resource()
    {
        var helloworld = await File.ReadAllTextAsync(HelloworldPath);
        var result = await RunJsonAsync($$"""{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[{{helloworld}},{{Pod}}]}""");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var samples = result.Samples;
        Assert.Superset(SpecSamples.ToHashSet(), samples);
        Assert.Contains(Canonical("k8s_pod_status_restartCount", 4, ("namespace", "shop"), ("name", "web-1"), ("containerStatuses", "web"), ("node", "node-a")), samples);
        Assert.Contains(Canonical("k8s_pod_spec_resources_requests_cpu", 0.25, ("namespace", "shop"), ("name", "web-1"), ("containers", "web"), ("node", "node-a")), samples);
        Assert.Contains(result.Exposition.Samples, s => s.Name == "k8s_pod_images" && s.Labels["image"] == "nginx:1.27");
        Assert.Contains(result.Exposition.Samples, s => s.Name == "k8s_pod_labels" && s.Labels["app"] == "web");
    }

    [Fact]
    public async Task Unknown_kind_is_skipped_with_a_message_naming_the_fix_and_the_rest_is_rendered()
    {
        var helloworld = await File.ReadAllTextAsync(HelloworldPath);
        var result = await RunJsonAsync($$"""{"apiVersion":"v1","kind":"List","items":[{{Service}},{{helloworld}}]}""");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("skipped Service shop/frontend", result.Stderr);
        Assert.Contains("add one, or pass --resource NAME", result.Stderr);
        Assert.DoesNotContain("k8s_service", result.Stdout);
        Assert.Superset(SpecSamples.ToHashSet(), result.Samples);
    }

    [Fact]
    public async Task Input_with_only_unknown_kinds_exits_1_after_saying_why()
    {
        var result = await RunJsonAsync(Service);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no resource in the config has its apiVersion and kind", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Object_without_a_name_is_skipped_with_the_reason()
    {
        var result = await RunJsonAsync("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{},"spec":{"replicas":1}}""");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("it has no metadata.name", result.Stderr);
    }

    [Fact]
    public async Task Resource_option_renders_objects_that_carry_no_apiVersion_or_kind()
    {
        var result = await RunJsonAsync("""{"metadata":{"name":"bare","namespace":"ns"},"spec":{"replicas":7}}""", resource: "deployment");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Canonical("k8s_deployment_spec_replicas", 7, ("namespace", "ns"), ("name", "bare")), result.Samples);
    }

    [Fact]
    public async Task Unknown_resource_option_exits_2_listing_the_configured_names()
    {
        var result = await RunAsync(HelloworldPath, resource: "service");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--resource service is not in the config", result.Stderr);
        Assert.Contains("deployment, pod, job, rc, ds", result.Stderr);
    }

    // Keys with a backslash, a newline and a double quote: HELP names the path, so each format's
    // escaping shows, once (the flattener keeps the raw key, the exposition writer escapes it).
    private const string AwkwardKeys = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"odd","namespace":"default"},
         "spec":{"a\\b":1,"c\nd":2,"e\"f":3}}
        """;

    [Fact]
    public async Task Help_of_keys_with_backslash_newline_and_quote_is_escaped_once_in_text_0_0_4()
    {
        var result = await RunJsonAsync(AwkwardKeys);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains(@"# HELP k8s_deployment_spec_a_b spec.a\\b of apps/v1 deployments", lines);
        Assert.Contains(@"# HELP k8s_deployment_spec_c_d spec.c\nd of apps/v1 deployments", lines);
        // Text 0.0.4 has no \" escape in HELP: the quote stays as it is.
        Assert.Contains(@"# HELP k8s_deployment_spec_e_f spec.e""f of apps/v1 deployments", lines);
        var exposition = result.Exposition; // strict: refuses an escape the format does not define
        Assert.Equal(@"spec.a\\b of apps/v1 deployments", exposition.Help["k8s_deployment_spec_a_b"]);
        Assert.Contains(Canonical("k8s_deployment_spec_c_d", 2, ("name", "odd"), ("namespace", "default")), result.Samples);
    }

    [Fact]
    public async Task Help_of_keys_with_backslash_newline_and_quote_is_escaped_once_in_OpenMetrics()
    {
        var result = await RunJsonAsync(AwkwardKeys, format: ExpositionFormat.OpenMetrics);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains(@"# HELP k8s_deployment_spec_a_b spec.a\\b of apps/v1 deployments", lines);
        Assert.Contains(@"# HELP k8s_deployment_spec_c_d spec.c\nd of apps/v1 deployments", lines);
        Assert.Contains(@"# HELP k8s_deployment_spec_e_f spec.e\""f of apps/v1 deployments", lines);
        Assert.EndsWith("# EOF\n", result.Stdout);
        var exposition = Exposition.ParseOpenMetrics(result.Stdout);
        Assert.Equal(@"spec.e\""f of apps/v1 deployments", exposition.Help["k8s_deployment_spec_e_f"]);
        Assert.Contains(exposition.Samples, s => s.Name == "k8s_deployment_spec_e_f" && s.Value == 3);
    }

    [Fact]
    public async Task Plain_help_is_the_same_in_both_formats()
    {
        var text = await RunAsync(HelloworldPath);
        var openMetrics = await RunAsync(HelloworldPath, format: ExpositionFormat.OpenMetrics);
        Assert.Equal(text.Stdout + "# EOF\n", openMetrics.Stdout);
    }

    [Theory]
    [InlineData("{\"apiVersion\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Bad_JSON_exits_2_with_a_message_saying_what_to_give(string json)
    {
        var result = await RunJsonAsync(json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("render: cannot read", result.Stderr);
        Assert.Contains("kubectl get ... -o json", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Missing_file_exits_2_naming_the_file()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "no-such-input.json");
        var result = await RunAsync(path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(path, result.Stderr);
    }

    [Fact]
    public async Task Dash_reads_the_input_from_stdin()
    {
        using var stdin = new MemoryStream(await File.ReadAllBytesAsync(HelloworldPath));
        var result = await RunAsync("-", stdin: stdin);
        Assert.Equal(0, result.ExitCode);
        Assert.Superset(SpecSamples.ToHashSet(), result.Samples);
    }

    [Fact]
    public async Task Bad_JSON_on_stdin_exits_2()
    {
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes("[1, 2"));
        var result = await RunAsync("-", stdin: stdin);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot read -", result.Stderr);
    }

    [Theory]
    [InlineData("deployment", "deployments")]
    [InlineData("ingress", "ingresses")]
    [InlineData("networkpolicy", "networkpolicies")]
    [InlineData("endpoints", "endpoints")]
    [InlineData("daemonset", "daemonsets")]
    [InlineData("pod", "pods")]
    [InlineData("replicationcontroller", "replicationcontrollers")]
    [InlineData("statefulset", "statefulsets")]
    [InlineData("storageclass", "storageclasses")]
    [InlineData("priorityclass", "priorityclasses")]
    [InlineData("gateway", "gateways")]
    public void Pluralise_forms_resource_names_as_the_API_server_does(string kind, string plural)
    {
        Assert.Equal(plural, RenderCommand.Pluralise(kind));
    }
}
