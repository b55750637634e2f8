using KubeApiExporter.Flattener;
using KubeApiExporter.Configuration;
using Xunit;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace KubeApiExporter.Tests.Unit.Configuration;

public class ConfigLoaderTests
{
    private const string F = "exporter.yaml";

    private static ConfigLoadResult Load(string yaml) => ConfigLoader.LoadText(yaml.ReplaceLineEndings("\n"), F);

    private static string[] Lines(ConfigLoadResult r)
    {
        Assert.False(r.Ok);
        Assert.Null(r.Config);
        return r.Problems.Select(p => p.ToString()).ToArray();
    }

    private static ConfigProblem Single(ConfigLoadResult r)
    {
        Assert.Null(r.Config);
        return Assert.Single(r.Problems);
    }

    private const string Minimal = """
        resources:
          - name: pod
            apiVersion: v1
            resource: pods
        """;

    // ------------------------------------------------------------------ the shipped file

    [Fact]
    public void Shipped_exporter_yaml_loads_with_the_five_original_resources()
    {
        var r = ConfigLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "exporter.yaml"));

        Assert.True(r.Ok, r.ToString());
        var c = r.Config!;
        Assert.Equal(8080, c.Port);
        Assert.Equal("k8s", c.Prefix);
        Assert.Empty(c.Namespaces);
        Assert.Equal(["deployment", "pod", "job", "rc", "ds"], c.Resources.Select(x => x.Name));
        Assert.Equal(["apps/v1", "v1", "batch/v1", "v1", "apps/v1"], c.Resources.Select(x => x.ApiVersion));
        Assert.Equal(["deployments", "pods", "jobs", "replicationcontrollers", "daemonsets"], c.Resources.Select(x => x.Resource));
        Assert.All(c.Resources, x => Assert.True(x.Namespaced));
        Assert.All(c.Resources, x => Assert.Equal(10_000, x.MaxSeriesPerObject));

        var deployment = c.Resources[0];
        Assert.Equal(new Dictionary<string, string> { ["containers"] = "name", ["initContainers"] = "name" }, deployment.ListKeys);
        Assert.False(deployment.LabelsMetric);
        Assert.Empty(deployment.Info);

        var pod = c.Resources[1];
        Assert.Equal(new Dictionary<string, string> { ["node"] = "spec.nodeName" }, pod.Labels);
        Assert.Equal(4, pod.ListKeys.Count);
        Assert.Equal("name", pod.ListKeys["containerStatuses"]);
        Assert.True(pod.LabelsMetric);
        var images = Assert.Single(pod.Info);
        Assert.Equal("images", images.Metric);
        Assert.Equal("spec.containers", images.Each);
        Assert.Equal(new Dictionary<string, string> { ["container_name"] = "name", ["image"] = "image" }, images.Labels);

        Assert.Equal(["status.failed", "status.succeeded"], c.Resources[2].ZeroFill);
        Assert.Equal(new Dictionary<string, string> { ["containers"] = "name" }, c.Resources[3].ListKeys);
    }

    [Fact]
    public void Loaded_records_equal_what_YamlDotNet_deserialises_so_absent_keys_keep_the_record_defaults()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "exporter.yaml"));
        var expected = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .WithDuplicateKeyChecking()
            .WithEnforceNullability()
            .Build()
            .Deserialize<ExporterConfig>(text);

        var actual = ConfigLoader.LoadText(text, F).Config!;

        Assert.Equal(Canonical(expected), Canonical(actual));
    }

    [Fact]
    public void Minimal_config_gets_every_default_from_the_records()
    {
        var r = Load(Minimal);

        Assert.True(r.Ok, r.ToString());
        var c = r.Config!;
        var defaults = new ExporterConfig();
        Assert.Equal(defaults.Port, c.Port);
        Assert.Equal(defaults.Prefix, c.Prefix);
        Assert.Empty(c.Namespaces);
        var expected = new ResourceConfig { Name = "pod", ApiVersion = "v1", Resource = "pods" };
        Assert.Equal(Canonical(expected), Canonical(Assert.Single(c.Resources)));
    }

    [Fact]
    public void Every_key_is_read_into_the_records()
    {
        var r = Load("""
            port: 9100
            prefix: kube
            namespaces: [default, kube-system]
            resources:
              - name: node
                apiVersion: v1
                resource: nodes
                namespaced: false
                labelSelector: "role=worker"
                fieldSelector: metadata.name=n1
                include: ["status.capacity.*", "status.allocatable.*"]
                exclude: ["spec.**"]
                labels: {zone: metadata.labels.zone}
                listKeys: {conditions: type}
                zeroFill: [status.foo]
                labelsMetric: yes
                maxSeriesPerObject: 500
                info:
                  - metric: addresses
                    each: status.addresses
                    labels: {type: type, address: address}
            """);

        Assert.True(r.Ok, r.ToString());
        var c = r.Config!;
        Assert.Equal(9100, c.Port);
        Assert.Equal("kube", c.Prefix);
        Assert.Equal(["default", "kube-system"], c.Namespaces);
        var n = Assert.Single(c.Resources);
        Assert.False(n.Namespaced);
        Assert.Equal("role=worker", n.LabelSelector);
        Assert.Equal("metadata.name=n1", n.FieldSelector);
        Assert.Equal(["status.capacity.*", "status.allocatable.*"], n.Include);
        Assert.Equal(["spec.**"], n.Exclude);
        Assert.Equal("metadata.labels.zone", n.Labels["zone"]);
        Assert.Equal("type", n.ListKeys["conditions"]);
        Assert.Equal(["status.foo"], n.ZeroFill);
        Assert.True(n.LabelsMetric);
        Assert.Equal(500, n.MaxSeriesPerObject);
        Assert.Equal("addresses", Assert.Single(n.Info).Metric);
        Assert.Equal("", n.Group);
        Assert.Equal("v1", n.Version);
    }

    // ------------------------------------------------------------------ file level

    [Fact]
    public void Missing_file_is_one_problem_naming_the_path_and_the_config_flag()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml");

        var p = Single(ConfigLoader.LoadFile(path));

        Assert.Equal(path, p.File);
        Assert.Contains("not found", p.Message);
        Assert.Contains("--config", p.Message);
        Assert.StartsWith($"{path}: config file not found", p.ToString());
    }

    [Fact]
    public void A_directory_given_as_the_config_is_one_problem()
    {
        var p = Single(ConfigLoader.LoadFile(Path.GetTempPath()));
        Assert.Contains("is a directory", p.Message);
        Assert.Contains("--config", p.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# just a comment\n")]
    [InlineData("~\n")]
    public void Empty_file_says_what_it_needs(string text)
    {
        var p = Single(Load(text));
        Assert.Equal("exporter.yaml:1:1: config is empty: it needs at least `resources:` with one entry, see README", p.ToString());
    }

    [Fact]
    public void Top_level_list_is_refused()
    {
        var p = Single(Load("- name: pod\n"));
        Assert.Equal((1, 1), (p.Line, p.Column));
        Assert.StartsWith("the top level must be a mapping of keys", p.Message);
    }

    [Fact]
    public void Several_yaml_documents_are_refused_at_the_second_one()
    {
        var p = Single(Load(Minimal + "\n---\nport: 1\n"));
        Assert.Equal(6, p.Line);
        Assert.Contains("2 YAML documents", p.Message);
    }

    // ------------------------------------------------------------------ invalid YAML

    [Fact]
    public void Bad_indentation_is_invalid_yaml_with_position()
    {
        var p = Single(Load("port: 8080\nresources:\n  - name: pod\n   apiVersion: v1\n"));
        Assert.Equal("exporter.yaml:4:4: invalid YAML: While parsing a block collection, did not find expected '-' indicator. "
            + "Check the indentation and quoting on this line and the one before it (nested keys are indented by spaces, list items start with '- ').",
            p.ToString());
    }

    [Fact]
    public void Tab_indentation_says_to_use_spaces()
    {
        var p = Single(Load("port: 8080\nresources:\n\t- name: pod\n"));
        Assert.Equal((1, 1), (p.Line, p.Column));
        Assert.Contains("invalid tab as indentation", p.Message);
        Assert.EndsWith("Indent with spaces, not tabs.", p.Message);
    }

    [Fact]
    public void Unclosed_flow_list_points_at_its_bracket_instead_of_throwing()
    {
        // YamlDotNet raises a bare InvalidOperationException here (aaubry/YamlDotNet#541).
        var p = Single(Load("port: 8080\nnamespaces: [a, b\nresources: []\n"));
        Assert.Equal((2, 13), (p.Line, p.Column));
        Assert.Contains("'[' or '{' is not closed", p.Message);
    }

    [Fact]
    public void Scalar_followed_by_a_colon_is_invalid_yaml()
    {
        var p = Single(Load("port: 8080: 1\n"));
        Assert.Equal((1, 11), (p.Line, p.Column));
        Assert.StartsWith("invalid YAML: While scanning a plain scalar value, found invalid mapping.", p.Message);
    }

    [Fact]
    public void Alias_to_an_undefined_anchor_is_a_problem_not_a_crash()
    {
        var p = Single(Load("resources: *nothing\n"));
        Assert.Equal(1, p.Line);
        Assert.Contains("nothing", p.Message);
    }

    // ------------------------------------------------------------------ unknown and duplicate keys

    [Fact]
    public void Unknown_keys_are_all_reported_with_line_column_and_suggestion()
    {
        var lines = Lines(Load("""
            Port: 8080
            prefx: k8s
            resources:
              - name: pod
                apiversion: v1
                resource: pods
                lables: {node: spec.nodeName}
                info:
                  - metric: images
                    each: spec.containers
                    label: {image: image}
            """));

        Assert.Equal(
        [
            "exporter.yaml:1:1: unknown key 'Port': did you mean 'port'?",
            "exporter.yaml:2:1: unknown key 'prefx': did you mean 'prefix'?",
            "exporter.yaml:5:5: unknown key 'apiversion' in resources[0]: did you mean 'apiVersion'?",
            "exporter.yaml:7:5: unknown key 'lables' in resources[0]: did you mean 'labels'?",
            "exporter.yaml:11:9: unknown key 'label' in resources[0].info[0]: did you mean 'labels'?",
        ], lines);
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_known_keys()
    {
        var p = Single(Load("scrapeInterval: 30s\n" + Minimal));
        Assert.Equal("exporter.yaml:1:1: unknown key 'scrapeInterval': known keys here are port, prefix, namespaces, resources", p.ToString());
    }

    [Fact]
    public void Key_at_the_wrong_level_says_where_it_belongs()
    {
        var lines = Lines(Load(Minimal + "\n    port: 9090\napiVersion: v1\n"));
        Assert.Equal(
        [
            "exporter.yaml:5:5: unknown key 'port' in resources[0]: 'port' is a top-level key: move it out of resources:, unindented",
            "exporter.yaml:6:1: unknown key 'apiVersion': 'apiVersion' belongs inside an entry of resources:, e.g. resources: [{name: pod, apiVersion: ...}]",
        ], lines);
    }

    [Fact]
    public void Per_resource_namespace_key_points_to_the_top_level_namespaces()
    {
        var p = Single(Load(Minimal + "\n    namespace: default\n"));
        Assert.Equal((5, 5), (p.Line, p.Column));
        Assert.Contains("top-level 'namespaces:'", p.Message);
    }

    [Fact]
    public void Max_series_per_object_is_a_known_key()
    {
        var r = Load(Minimal + "\n    maxSeriesPerObject: 42\n");
        Assert.True(r.Ok, r.ToString());
        Assert.Equal(42, r.Config!.Resources[0].MaxSeriesPerObject);
    }

    [Fact]
    public void Duplicate_yaml_keys_are_all_reported_at_the_repeat_with_the_first_line()
    {
        var lines = Lines(Load("""
            port: 8080
            port: 9090
            resources:
              - name: pod
                apiVersion: v1
                resource: pods
                apiVersion: v2
                labels: {a: x, a: y}
            """));

        Assert.Equal(
        [
            "exporter.yaml:2:1: duplicate key 'port' (first at line 1): keep only one",
            "exporter.yaml:7:5: duplicate key 'apiVersion' in resources[0] (first at line 5): keep only one",
            "exporter.yaml:8:20: duplicate key 'a' in resources[0].labels (first at line 8): keep only one",
        ], lines);
    }

    // ------------------------------------------------------------------ types and ranges

    [Fact]
    public void Wrong_types_are_all_reported_with_the_value_position()
    {
        var lines = Lines(Load("""
            port: abc
            namespaces: default
            resources:
              - name: pod
                apiVersion: v1
                resource: pods
                namespaced: maybe
                labelsMetric: 3
                labels: [node]
                include: status.phase
                exclude: {a: b}
                listKeys: containers
                maxSeriesPerObject: lots
            """));

        Assert.Equal(
        [
            "exporter.yaml:1:7: port must be an integer from 1 to 65535, e.g. port: 8080; got 'abc'",
            "exporter.yaml:2:13: namespaces must be a list: write namespaces: [default]",
            "exporter.yaml:7:17: resources[0].namespaced must be true or false; got 'maybe'",
            "exporter.yaml:8:19: resources[0].labelsMetric must be true, false or a list of label keys (globs with '*'), e.g. labelsMetric: [app, \"app.kubernetes.io/*\"]; got '3'",
            "exporter.yaml:9:13: resources[0].labels must be a mapping, e.g. labels: {node: spec.nodeName}; got a list",
            "exporter.yaml:10:14: resources[0].include must be a list: write include: [status.phase]",
            "exporter.yaml:11:14: resources[0].exclude must be a list, e.g. exclude: [\"spec.template.**\"]; got a mapping",
            "exporter.yaml:12:15: resources[0].listKeys must be a mapping, e.g. listKeys: {containers: name}; got 'containers'",
            "exporter.yaml:13:25: resources[0].maxSeriesPerObject must be an integer of at least 1, e.g. maxSeriesPerObject: 10000; got 'lots'",
        ], lines);
    }

    [Theory]
    [InlineData("0", "got 0")]
    [InlineData("65536", "got 65536")]
    [InlineData("-1", "got -1")]
    [InlineData("99999999999", "got '99999999999'")]
    public void Port_out_of_range_is_refused(string port, string got)
    {
        var p = Single(Load($"port: {port}\n" + Minimal));
        Assert.Equal((1, 7), (p.Line, p.Column));
        Assert.StartsWith("port must be", p.Message);
        Assert.Contains("1 to 65535", p.Message);
        Assert.EndsWith(got, p.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("65535")]
    [InlineData("\"9100\"")]
    public void Port_in_range_is_accepted(string port)
    {
        var r = Load($"port: {port}\n" + Minimal);
        Assert.True(r.Ok, r.ToString());
    }

    [Theory]
    [InlineData("\"\"", 9, "prefix is empty: every metric needs a first segment, e.g. prefix: k8s")]
    [InlineData("k8s-x", 9, "prefix 'k8s-x' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. prefix: k8s")]
    [InlineData("9k", 9, "prefix '9k' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. prefix: k8s")]
    [InlineData("[k8s]", 9, "prefix must be a single string, e.g. prefix: k8s; got a list")]
    public void Bad_prefix_is_refused(string prefix, int column, string message)
    {
        var p = Single(Load($"prefix: {prefix}\n" + Minimal));
        Assert.Equal((1, column), (p.Line, p.Column));
        Assert.Equal(message, p.Message);
    }

    [Fact]
    public void Keys_without_a_value_are_refused_rather_than_nulled()
    {
        var lines = Lines(Load("port:\nnamespaces:\nresources:\n  - name:\n    apiVersion: v1\n    resource: pods\n"));
        Assert.Equal(
        [
            "exporter.yaml:1:6: port has no value: it must be an integer from 1 to 65535, e.g. port: 8080; or remove the key to use the default",
            "exporter.yaml:2:12: namespaces has no value: it must be a list, e.g. namespaces: [default, kube-system] (or [] for all namespaces); or remove the key to use the default",
            "exporter.yaml:4:10: resources[0].name has no value: it is required, write e.g. name: pod",
        ], lines);
    }

    [Fact]
    public void Bad_and_repeated_namespaces_are_refused()
    {
        var lines = Lines(Load("namespaces: [default, Kube_System, default]\n" + Minimal));
        Assert.Equal(
        [
            "exporter.yaml:1:23: namespace 'Kube_System' is not a valid namespace name: lowercase letters, digits and '-', e.g. kube-system",
            "exporter.yaml:1:36: namespace 'default' is listed twice (first at line 1): remove one",
        ], lines);
    }

    // ------------------------------------------------------------------ resources

    [Fact]
    public void Missing_resources_is_reported_at_the_top_level()
    {
        var p = Single(Load("port: 8080\n"));
        Assert.Equal("exporter.yaml:1:1: missing 'resources': add the list of kinds to watch, e.g. resources: [{name: pod, apiVersion: v1, resource: pods}]", p.ToString());
    }

    [Fact]
    public void Empty_resources_list_is_refused()
    {
        var p = Single(Load("port: 8080\nresources: []\n"));
        Assert.Equal((2, 12), (p.Line, p.Column));
        Assert.StartsWith("resources is empty: add at least one entry with name, apiVersion and resource", p.Message);
    }

    [Fact]
    public void Missing_required_resource_keys_point_at_the_entry()
    {
        var lines = Lines(Load("resources:\n  - labelsMetric: true\n"));
        Assert.Equal(
        [
            "exporter.yaml:2:5: resources[0] is missing 'name': add e.g. name: pod (the second segment of its metric names, k8s_pod_...)",
            "exporter.yaml:2:5: resources[0] is missing 'apiVersion': add e.g. apiVersion: v1 (core kinds such as pods) or apiVersion: apps/v1",
            "exporter.yaml:2:5: resources[0] is missing 'resource': add the lowercase plural used in the API path, e.g. resource: deployments",
        ], lines);
    }

    [Fact]
    public void Misspelt_required_key_is_reported_once_as_did_you_mean_not_also_as_missing()
    {
        var p = Single(Load("resources:\n  - name: pod\n    apiVersion: v1\n    Resource: pods\n"));
        Assert.Equal("exporter.yaml:4:5: unknown key 'Resource' in resources[0]: did you mean 'resource'?", p.ToString());
    }

    [Fact]
    public void Resource_entry_that_is_not_a_mapping_is_refused()
    {
        var p = Single(Load("resources:\n  - pods\n"));
        Assert.Equal((2, 5), (p.Line, p.Column));
        Assert.StartsWith("resources[0] must be a mapping with name, apiVersion and resource", p.Message);
    }

    [Fact]
    public void Duplicate_name_points_at_the_second_and_names_the_first_line()
    {
        var p = Single(Load("""
            resources:
              - name: pod
                apiVersion: v1
                resource: pods
              - name: pod
                apiVersion: v1
                resource: pods
                labelSelector: app=web
            """));

        Assert.Equal("exporter.yaml:5:11: duplicate name 'pod' in resources[1]: resources[0] at line 2 already uses it; "
            + "give each entry its own name (it forms the metric names k8s_pod_...)", p.ToString());
    }

    [Theory]
    [InlineData("my-pods", "resources[0].name 'my-pods' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. name: my_pods")]
    [InlineData("1pod", "resources[0].name '1pod' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. name: _1pod")]
    public void Name_must_be_a_metric_name_segment(string name, string message)
    {
        var p = Single(Load($"resources:\n  - name: {name}\n    apiVersion: v1\n    resource: pods\n"));
        Assert.Equal((2, 11), (p.Line, p.Column));
        Assert.Equal(message, p.Message);
    }

    [Theory]
    [InlineData("apps", "resources[0].apiVersion 'apps' is not 'v1' or 'group/version': write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1")]
    [InlineData("core/v1", "resources[0].apiVersion 'core/v1' names the core group, which is written just 'v1'")]
    [InlineData("Apps/v1", "resources[0].apiVersion 'Apps/v1' is not 'v1' or 'group/version' (group lowercase like apps or example.com, version like v1 or v1beta1): write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1")]
    [InlineData("apps/1", "resources[0].apiVersion 'apps/1' is not 'v1' or 'group/version' (group lowercase like apps or example.com, version like v1 or v1beta1): write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1")]
    [InlineData("/v1", "resources[0].apiVersion '/v1' is not 'v1' or 'group/version' (group lowercase like apps or example.com, version like v1 or v1beta1): write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1")]
    public void ApiVersion_must_be_v1_or_group_slash_version(string apiVersion, string message)
    {
        var p = Single(Load($"resources:\n  - name: x\n    apiVersion: {apiVersion}\n    resource: things\n"));
        Assert.Equal((3, 17), (p.Line, p.Column));
        Assert.Equal(message, p.Message);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("apps/v1")]
    [InlineData("autoscaling/v2")]
    [InlineData("cert-manager.io/v1")]
    [InlineData("example.com/v1beta1")]
    public void Valid_api_versions_are_accepted(string apiVersion)
    {
        var r = Load($"resources:\n  - name: x\n    apiVersion: {apiVersion}\n    resource: things\n");
        Assert.True(r.Ok, r.ToString());
    }

    [Theory]
    [InlineData("Deployments", "resources[0].resource 'Deployments' must be the lowercase plural as in the API path, e.g. resource: deployments; did you mean 'deployments'?")]
    [InlineData("pods/status", "resources[0].resource 'pods/status' must be the lowercase plural as in the API path, e.g. resource: deployments (subresources such as pods/status cannot be watched)")]
    [InlineData("my_things", "resources[0].resource 'my_things' must be the lowercase plural as in the API path, e.g. resource: deployments")]
    public void Resource_must_be_a_lowercase_plural(string resource, string message)
    {
        var p = Single(Load($"resources:\n  - name: x\n    apiVersion: v1\n    resource: {resource}\n"));
        Assert.Equal((4, 15), (p.Line, p.Column));
        Assert.Equal(message, p.Message);
    }

    [Fact]
    public void Bad_globs_in_include_and_exclude_are_all_reported_with_FieldGlob_messages()
    {
        // zeroFill takes plain paths, not globs: FieldPathTests.
        var lines = Lines(Load(Minimal + """

                include: ["spec..replicas", "status.**x"]
                exclude: ["spec.template.**", "a b"]
            """));

        Assert.Equal(
        [
            "exporter.yaml:5:15: resources[0].include: glob 'spec..replicas' has an empty segment: separate field names with single dots, e.g. 'spec.replicas'",
            "exporter.yaml:5:33: resources[0].include: glob 'status.**x': '**' must be a whole segment (e.g. 'spec.**'), not part of '**x'",
            "exporter.yaml:6:35: resources[0].exclude: glob 'a b' contains ' ': only dotted field names with '*' and '**' are supported, e.g. 'status.*Replicas'",
        ], lines);
    }

    [Fact]
    public void Max_series_per_object_below_one_is_refused()
    {
        var p = Single(Load(Minimal + "\n    maxSeriesPerObject: 0\n"));
        Assert.Equal("exporter.yaml:5:25: resources[0].maxSeriesPerObject must be at least 1, e.g. maxSeriesPerObject: 10000 (the default); got 0", p.ToString());
    }

    [Fact]
    public void Bad_label_names_and_paths_are_refused()
    {
        var lines = Lines(Load(Minimal + "\n    labels: {node-name: spec.nodeName, __x: a, ok: \"spec..x\"}\n"));
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("exporter.yaml:5:14: label name 'node-name' in resources[0].labels is not a valid Prometheus label name", lines[0]);
        Assert.StartsWith("exporter.yaml:5:40: label name '__x' in resources[0].labels", lines[1]);
        Assert.StartsWith("exporter.yaml:5:52: resources[0].labels.ok 'spec..x' has an empty segment", lines[2]);
    }

    // ------------------------------------------------------------------ info

    [Fact]
    public void Info_entries_missing_metric_each_or_labels_are_reported()
    {
        var lines = Lines(Load(Minimal + """

                info:
                  - each: spec.containers
                    labels: {image: image}
                  - metric: images
                    labels: {image: image}
                  - metric: ports
                    each: spec.containers
                  - image
            """));

        Assert.Equal(
        [
            "exporter.yaml:6:9: resources[0].info[0] is missing 'metric': add e.g. metric: images (exported as k8s_pod_images)",
            "exporter.yaml:8:9: resources[0].info[1] is missing 'each': add the dotted path of the list to iterate, e.g. each: spec.containers",
            "exporter.yaml:10:9: resources[0].info[2] is missing 'labels': add label name -> field of each item, e.g. labels: {container_name: name, image: image}",
            "exporter.yaml:12:9: resources[0].info[3] must be a mapping with metric, each and labels, e.g. - {metric: images, each: spec.containers, labels: {container_name: name, image: image}}; got 'image'",
        ], lines);
    }

    [Fact]
    public void Info_metric_clashes_and_repeats_are_refused()
    {
        var lines = Lines(Load(Minimal + """

                labelsMetric: true
                info:
                  - {metric: labels, each: spec.containers, labels: {image: image}}
                  - {metric: images, each: spec.containers, labels: {image: image}}
                  - {metric: images, each: spec.initContainers, labels: {image: image}}
                  - {metric: empty, each: spec.containers, labels: {}}
            """));

        Assert.Equal(
        [
            "exporter.yaml:7:18: resources[0].info[0].metric 'labels' clashes with labelsMetric: true, which exports k8s_pod_labels: pick another metric name",
            "exporter.yaml:9:18: resources[0].info[2].metric 'images' is used twice in this resource (first at line 8): give each info entry its own metric",
            "exporter.yaml:10:56: resources[0].info[3].labels is empty: add at least one label name -> field, e.g. labels: {container_name: name, image: image}",
        ], lines);
    }

    [Fact]
    public void Info_that_is_a_mapping_instead_of_a_list_is_refused()
    {
        var p = Single(Load(Minimal + "\n    info: {metric: images, each: spec.containers, labels: {image: image}}\n"));
        Assert.Equal((5, 11), (p.Line, p.Column));
        Assert.StartsWith("resources[0].info must be a list of {metric, each, labels} entries", p.Message);
        Assert.EndsWith("got a mapping", p.Message);
    }

    // ------------------------------------------------------------------ all at once

    [Fact]
    public void Several_problems_across_the_file_are_all_reported_in_file_order_and_nothing_is_applied()
    {
        var r = Load("""
            port: 70000
            prefix: k8s
            resources:
              - name: deployment
                apiVersion: apps
                resource: deployments
                exclude: ["spec..template"]
              - name: deployment
                resource: deployments
                lables: {}
            """);

        Assert.Null(r.Config);
        Assert.Equal(
        [
            "exporter.yaml:1:7: port must be from 1 to 65535, e.g. port: 8080; got 70000",
            "exporter.yaml:5:17: resources[0].apiVersion 'apps' is not 'v1' or 'group/version': write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1",
            "exporter.yaml:7:15: resources[0].exclude: glob 'spec..template' has an empty segment: separate field names with single dots, e.g. 'spec.replicas'",
            "exporter.yaml:8:5: resources[1] is missing 'apiVersion': add e.g. apiVersion: v1 (core kinds such as pods) or apiVersion: apps/v1",
            "exporter.yaml:8:11: duplicate name 'deployment' in resources[1]: resources[0] at line 4 already uses it; give each entry its own name (it forms the metric names k8s_deployment_...)",
            "exporter.yaml:10:5: unknown key 'lables' in resources[1]: did you mean 'labels'?",
        ], r.Problems.Select(p => p.ToString()));
        Assert.Equal(string.Join(Environment.NewLine, r.Problems), r.ToString());
    }

    [Fact]
    public void Windows_line_endings_and_a_leading_document_marker_are_fine()
    {
        var r = ConfigLoader.LoadText("---\r\n" + Minimal.ReplaceLineEndings("\r\n") + "\r\n", F);
        Assert.True(r.Ok, r.ToString());
    }

    // ------------------------------------------------------------------ helpers

    internal static string Canonical(ExporterConfig c) =>
        $"{c.Port}|{c.Prefix}|[{string.Join(",", c.Namespaces)}]|" + string.Join("|", c.Resources.Select(Canonical));

    internal static string Canonical(ResourceConfig r) =>
        $"{r.Name};{r.ApiVersion};{r.Resource};{r.Namespaced};{r.LabelSelector};{r.FieldSelector};" +
        $"[{string.Join(",", r.Include)}];[{string.Join(",", r.Exclude)}];{Map(r.Labels)};{Map(r.ListKeys)};" +
        $"[{string.Join(",", r.ZeroFill)}];{r.LabelsMetric};[{string.Join(",", r.LabelsMetricKeys)}];[{string.Join(",", r.AnnotationsMetric)}];{r.MaxSeriesPerObject};" +
        string.Join(",", r.Info.Select(i => $"({i.Metric};{i.Each};{Map(i.Labels)})")) + ";" +
        string.Join(",", r.States.Select(kv => $"({kv.Key};{kv.Value.Label};[{string.Join(",", kv.Value.Values)}])"));

    private static string Map(Dictionary<string, string> m) => "{" + string.Join(",", m.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
