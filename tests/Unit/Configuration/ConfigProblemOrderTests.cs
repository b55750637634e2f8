using Xunit;

namespace KubeApiExporter.Tests.Unit.Configuration;

/// <summary>
/// Problems are printed sorted by line and column; problems at the same position keep the order in
/// which they were found. Ties happen where a mapping starts at its first key: a key's own problem
/// (unknown, duplicate) comes before what the mapping as a whole lacks. These tests pin that order,
/// so that splitting validation into several validators cannot reorder the output.
/// </summary>
public class ConfigProblemOrderTests
{
    [Fact]
    public void At_the_top_level_an_unknown_first_key_comes_before_the_missing_resources()
    {
        Assert.Equal(
        [
            "exporter.yaml:1:1: unknown key 'scrapeInterval': known keys here are port, prefix, namespaces, resources",
            "exporter.yaml:1:1: missing 'resources': add the list of kinds to watch, e.g. resources: [{name: pod, apiVersion: v1, resource: pods}]",
        ], RefusedConfig.Problems("scrapeInterval: 30s\nport: 8080\n"));
    }

    [Fact]
    public void In_a_resource_an_unknown_first_key_comes_before_the_missing_keys_in_name_apiVersion_resource_order()
    {
        Assert.Equal(
        [
            "exporter.yaml:2:5: unknown key 'kind' in resources[0]: known keys here are name, apiVersion, resource, namespaced, labelSelector, fieldSelector, include, exclude, labels, listKeys, zeroFill, labelsMetric, annotationsMetric, info, states, maxSeriesPerObject",
            "exporter.yaml:2:5: resources[0] is missing 'name': add e.g. name: pod (the second segment of its metric names, k8s_pod_...)",
            "exporter.yaml:2:5: resources[0] is missing 'apiVersion': add e.g. apiVersion: v1 (core kinds such as pods) or apiVersion: apps/v1",
            "exporter.yaml:2:5: resources[0] is missing 'resource': add the lowercase plural used in the API path, e.g. resource: deployments",
        ], RefusedConfig.Problems("resources:\n  - kind: Pod\n"));
    }

    [Fact]
    public void In_an_info_entry_an_unknown_first_key_comes_before_the_missing_keys()
    {
        Assert.Equal(
        [
            "exporter.yaml:6:9: unknown key 'metrc' in resources[0].info[0]: did you mean 'metric'?",
            "exporter.yaml:6:9: resources[0].info[0] is missing 'each': add the dotted path of the list to iterate, e.g. each: spec.containers",
            "exporter.yaml:6:9: resources[0].info[0] is missing 'labels': add label name -> field of each item, e.g. labels: {container_name: name, image: image}",
        ], RefusedConfig.Problems("resources:\n  - name: pod\n    apiVersion: v1\n    resource: pods\n    info:\n      - metrc: images\n"));
    }

    [Fact]
    public void In_a_state_set_an_unknown_first_key_comes_before_the_missing_label()
    {
        Assert.Equal(
        [
            "exporter.yaml:7:9: unknown key 'valuez' in resources[0].states.status.phase: did you mean 'values'?",
            "exporter.yaml:7:9: resources[0].states.status.phase is missing 'label': add the label that carries the value, e.g. {label: phase, values: [Pending, Running, Succeeded, Failed, Unknown]}",
        ], RefusedConfig.Problems("resources:\n  - name: pod\n    apiVersion: v1\n    resource: pods\n    states:\n      status.phase:\n        valuez: [A]\n"));
    }

    [Fact]
    public void Problems_of_every_concern_on_one_line_are_ordered_by_column()
    {
        Assert.Equal(
        [
            "exporter.yaml:2:12: resources[0].name '9x' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. name: _9x",
            "exporter.yaml:2:28: resources[0].apiVersion 'apps' is not 'v1' or 'group/version': write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1",
            "exporter.yaml:2:44: resources[0].resource 'Pods' must be the lowercase plural as in the API path, e.g. resource: deployments; did you mean 'pods'?",
            "exporter.yaml:2:70: resources[0].maxSeriesPerObject must be at least 1, e.g. maxSeriesPerObject: 10000 (the default); got 0",
            "exporter.yaml:2:85: resources[0].labels.n 'a..b' has an empty segment: separate field names with single dots, e.g. labels: {node: spec.nodeName}",
            "exporter.yaml:2:107: resources[0].labelSelector must be a single string, e.g. labelSelector: \"app=web,tier!=cache\"; got a list",
        ], RefusedConfig.Problems("resources:\n  - {name: 9x, apiVersion: apps, resource: Pods, maxSeriesPerObject: 0, labels: {n: a..b}, labelSelector: [x]}\n"));
    }
    [Fact]
    public void A_node_shared_through_a_yaml_alias_is_reported_for_each_use_in_the_order_the_keys_are_validated()
    {
        // An alias is the anchored node itself, so both uses report at the anchor's position: only the
        // order in which the keys are checked (labels before info, labelsMetric before annotationsMetric) orders them.
        Assert.Equal(
        [
            "exporter.yaml:5:17: label name 'a-b' in resources[0].labels is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__', e.g. a_b",
            "exporter.yaml:5:17: label name 'a-b' in resources[0].info[0].labels is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__', e.g. a_b",
            "exporter.yaml:5:22: resources[0].labels.a-b 'x..y' has an empty segment: separate field names with single dots, e.g. labels: {node: spec.nodeName}",
            "exporter.yaml:5:22: resources[0].info[0].labels.a-b 'x..y' has an empty segment: separate field names with single dots, e.g. labels: {container_name: name, image: image}",
            "exporter.yaml:6:23: resources[0].labelsMetric: key 'a b' contains ' ': keys are letters, digits, '-', '_', '.' and one '/', with '*' as the only wildcard, e.g. 'app.kubernetes.io/*'",
            "exporter.yaml:6:23: resources[0].annotationsMetric: key 'a b' contains ' ': keys are letters, digits, '-', '_', '.' and one '/', with '*' as the only wildcard, e.g. 'app.kubernetes.io/*'",
        ], RefusedConfig.Problems("""
            resources:
              - name: pod
                apiVersion: v1
                resource: pods
                labels: &m {a-b: x..y}
                labelsMetric: &k ["a b"]
                annotationsMetric: *k
                info:
                  - {metric: m, each: spec.containers, labels: *m}
            """));
    }
}
