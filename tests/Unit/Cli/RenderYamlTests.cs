using System.Text;
using KubeApiExporter.Host.Cli;
using KubeApiExporter.Configuration;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Cli;

/// <summary><c>render</c> of <c>kubectl get -o yaml</c> output: one object, a List, and <c>---</c> streams.</summary>
public sealed class RenderYamlTests
{
    private static string Example(string file) => Path.Combine(AppContext.BaseDirectory, "examples", file);

    private static async Task<(int Code, string Stdout, string Stderr)> RenderAsync(string text)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var code = await RenderCommand.RunAsync(ShippedConfig.Value, "-", null, stdout, stderr, stdin);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Indent(string yaml) => string.Join("\n", yaml.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));

    [Fact]
    public async Task Kubectl_yaml_of_helloworld_renders_exactly_what_its_json_renders()
    {
        var fromJson = await RenderAsync(await File.ReadAllTextAsync(Example("helloworld.json")));
        var fromYaml = await RenderAsync(await File.ReadAllTextAsync(Example("helloworld.yaml")));
        Assert.Equal(0, fromYaml.Code);
        Assert.Equal("", fromYaml.Stderr);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"helloworld\",namespace=\"default\"} 1", fromYaml.Stdout);
        Assert.Equal(fromJson.Stdout, fromYaml.Stdout);
    }

    [Fact]
    public async Task Kubectl_List_in_yaml_and_a_multi_document_stream_render_every_item()
    {
        var deployment = (await File.ReadAllTextAsync(Example("helloworld.yaml"))).Trim();
        const string Pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-1
              namespace: shop
              labels: {app: web, tier: "1"}
            spec:
              nodeName: node-a
              containers:
              - name: web
                image: nginx:1.27
                resources: {requests: {cpu: 250m}}
            status:
              containerStatuses:
              - name: web
                restartCount: 4
                ready: true
            """;
        var list = $"apiVersion: v1\nitems:\n- {Indent(deployment).TrimStart()}\n- {Indent(Pod).TrimStart()}\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
        var stream = $"---\n{deployment}\n---\n{Pod}\n---\n";

        foreach (var input in new[] { list, stream })
        {
            var (code, stdout, stderr) = await RenderAsync(input);
            Assert.True(code == 0, stderr);
            Assert.Equal("", stderr);
            var samples = Exposition.Parse(stdout).Samples;
            Assert.Contains(samples, s => s.Name == "k8s_deployment_spec_replicas" && s.Value == 1);
            Assert.Contains(samples, s => s.Name == "k8s_pod_status_restartCount" && s.Value == 4 && s.Labels["containerStatuses"] == "web");
            Assert.Contains(samples, s => s.Name == "k8s_pod_status_ready" && s.Value == 1);
            Assert.Contains(samples, s => s.Name == "k8s_pod_spec_resources_requests_cpu" && s.Value == 0.25);
            // A quoted "1" stays a string: a label value, not a number.
            Assert.Contains(samples, s => s.Name == "k8s_pod_labels" && s.Labels["tier"] == "1");
        }
    }

    [Theory]
    [InlineData("just some words", "is the text 'just some words', not a Kubernetes object")]
    [InlineData("- a\n- b\n", "is a list, not a Kubernetes object")]
    [InlineData("kind: Pod\nmetadata: {name: [x\n", "invalid YAML")]
    [InlineData("---\n---\n", "holds no objects")]
    public async Task Input_that_is_not_yaml_of_objects_exits_2_saying_why(string text, string expected)
    {
        var (code, stdout, stderr) = await RenderAsync(text);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.Contains("kubectl get ... -o json` (or -o yaml)", stderr);
        Assert.Equal("", stdout);
    }
}
