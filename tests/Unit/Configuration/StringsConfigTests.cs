using KubeApiExporter.Configuration;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Configuration;

/// <summary>Loading and validation of states, the labelsMetric allowlist and annotationsMetric.</summary>
public class StringsConfigTests
{
    private const string F = "exporter.yaml";

    private const string Minimal = """
        resources:
          - name: pod
            apiVersion: v1
            resource: pods
        """;

    private static ConfigLoadResult Load(string extra) => ConfigLoader.LoadText((Minimal + "\n" + extra).ReplaceLineEndings("\n"), F);

    private static string[] Lines(ConfigLoadResult r)
    {
        Assert.False(r.Ok);
        Assert.Null(r.Config);
        return r.Problems.Select(p => p.ToString()).ToArray();
    }

    [Fact]
    public void States_labelsMetric_keys_and_annotationsMetric_are_read_into_the_record()
    {
        var r = Load("""
                states:
                  status.phase: {label: phase, values: [Pending, Running, Succeeded, Failed, Unknown]}
                  status.containerStatuses.state.waiting.reason: reason
                labelsMetric: [app, "app.kubernetes.io/*"]
                annotationsMetric: ["argocd.argoproj.io/*"]
            """);

        Assert.True(r.Ok, r.ToString());
        var pod = Assert.Single(r.Config!.Resources);
        Assert.Equal(["status.phase", "status.containerStatuses.state.waiting.reason"], pod.States.Keys);
        Assert.Equal("phase", pod.States["status.phase"].Label);
        Assert.Equal(["Pending", "Running", "Succeeded", "Failed", "Unknown"], pod.States["status.phase"].Values);
        Assert.Equal("reason", pod.States["status.containerStatuses.state.waiting.reason"].Label);
        Assert.Empty(pod.States["status.containerStatuses.state.waiting.reason"].Values);
        Assert.True(pod.LabelsMetric);
        Assert.Equal(["app", "app.kubernetes.io/*"], pod.LabelsMetricKeys);
        Assert.Equal(["argocd.argoproj.io/*"], pod.AnnotationsMetric);
    }

    [Fact]
    public void LabelsMetric_true_keeps_every_label_and_false_none()
    {
        var all = Assert.Single(Load("    labelsMetric: true").Config!.Resources);
        var none = Assert.Single(Load("    labelsMetric: false").Config!.Resources);

        Assert.True(all.LabelsMetric);
        Assert.Empty(all.LabelsMetricKeys);
        Assert.False(none.LabelsMetric);
    }

    [Fact]
    public void Bad_states_are_reported_with_position_and_fix()
    {
        var lines = Lines(Load("""
                states:
                  status..phase: phase
                  status.phase: {label: phase, vaules: [Running]}
                  status.reason: {values: [A]}
                  spec.a: {label: a, values: []}
                  spec.b: {label: b, values: [X, Y, X]}
                  spec.c: 9bad
                  spec.d: name
                  "spec.*": e
                  spec.f: [x]
            """));

        Assert.Equal(
        [
            "exporter.yaml:6:7: resources[0].states key 'status..phase' has an empty segment: separate field names with single dots, e.g. states: {status.phase: phase} (lists on the way need no index: status.containerStatuses.state.waiting.reason)",
            "exporter.yaml:7:36: unknown key 'vaules' in resources[0].states.status.phase: did you mean 'values'?",
            "exporter.yaml:8:22: resources[0].states.status.reason is missing 'label': add the label that carries the value, e.g. {label: phase, values: [Pending, Running, Succeeded, Failed, Unknown]}",
            "exporter.yaml:9:34: resources[0].states.spec.a.values is empty: list the possible values, e.g. {label: phase, values: [Pending, Running, Succeeded, Failed, Unknown]}, or write just the label name for the current value only",
            "exporter.yaml:10:41: resources[0].states.spec.b.values lists 'X' twice (first at line 10): remove one",
            "exporter.yaml:11:15: resources[0].states.spec.c: label name '9bad' is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__', e.g. 9bad",
            "exporter.yaml:12:15: resources[0].states.spec.d: label 'name' would clash with the object's own 'name' label: pick another, e.g. phase or reason",
            "exporter.yaml:13:7: resources[0].states key 'spec.*' must be a plain dotted field path (no spaces or wildcards), e.g. states: {status.phase: phase} (lists on the way need no index: status.containerStatuses.state.waiting.reason)",
            "exporter.yaml:14:15: resources[0].states.spec.f must be a label name (e.g. phase) or a state set {label: phase, values: [Pending, Running, Succeeded, Failed, Unknown]}; got a list",
        ], lines);
    }

    [Fact]
    public void States_that_are_not_a_mapping_are_refused()
    {
        var lines = Lines(Load("    states: [status.phase]"));

        Assert.Equal(["exporter.yaml:5:13: resources[0].states must be a mapping of string field path -> label name, e.g. states: {status.phase: phase}; got a list"], lines);
    }

    [Fact]
    public void Bad_allowlist_keys_are_reported_with_position_and_fix()
    {
        var lines = Lines(Load("""
                labelsMetric: [app, "a b", "x/y/z", app, ""]
                annotationsMetric: true
            """));

        Assert.Equal(
        [
            "exporter.yaml:5:25: resources[0].labelsMetric: key 'a b' contains ' ': keys are letters, digits, '-', '_', '.' and one '/', with '*' as the only wildcard, e.g. 'app.kubernetes.io/*'",
            "exporter.yaml:5:32: resources[0].labelsMetric: key 'x/y/z' has more than one '/': a key is [prefix/]name, e.g. 'app.kubernetes.io/name'",
            "exporter.yaml:5:41: resources[0].labelsMetric: 'app' is listed twice (first at line 5): remove one",
            "exporter.yaml:5:46: resources[0].labelsMetric: empty key: write a label or annotation key such as 'app' or 'app.kubernetes.io/*'",
            "exporter.yaml:6:24: resources[0].annotationsMetric must be a list: write annotationsMetric: [true]",
        ], lines);
    }

    [Fact]
    public void An_empty_labelsMetric_list_is_refused_with_the_two_ways_to_write_it()
    {
        var lines = Lines(Load("    labelsMetric: []"));

        Assert.Equal(["exporter.yaml:5:19: resources[0].labelsMetric is an empty list: list the label keys to export, e.g. labelsMetric: [app], or write labelsMetric: false"], lines);
    }

    [Fact]
    public void An_info_metric_named_annotations_clashes_with_annotationsMetric()
    {
        var lines = Lines(Load("""
                annotationsMetric: [a]
                info:
                  - {metric: annotations, each: spec.containers, labels: {image: image}}
            """));

        Assert.Equal(["exporter.yaml:7:18: resources[0].info[0].metric 'annotations' clashes with annotationsMetric, which exports k8s_pod_annotations: pick another metric name"], lines);
    }

    [Fact]
    public void Check_config_summary_shows_states_allowlists_and_annotations()
    {
        var config = Load("""
                states: {status.phase: {label: phase, values: [Pending, Running]}, status.reason: reason}
                labelsMetric: [app]
                annotationsMetric: ["example.com/*"]
            """).Config!;

        var line = ConfigSummary.Describe(config).Split(Environment.NewLine)[1];

        Assert.Equal("  pod  v1 pods  (all namespaces)  labelsMetric=app  annotationsMetric=example.com/*  states=status.phase:phase[2],status.reason:reason", line);
    }
}
