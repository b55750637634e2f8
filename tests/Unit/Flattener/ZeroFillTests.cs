using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class ZeroFillTests
{
    [Fact]
    public void When_one_zero_fill_path_is_present_the_absent_ones_are_exported_as_0()
    {
        var sink = Flatten.Json(ShippedResources.Job,
            """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"backup","namespace":"ops"},"status":{"succeeded":1,"completionTime":"2026-11-20T10:05:00Z"}}""");

        Assert.Equal(1, sink.Single("k8s_job_status_succeeded").Value);
        var failed = sink.Single("k8s_job_status_failed");
        Assert.Equal(0, failed.Value);
        Assert.Equal("status.failed of batch/v1 jobs", failed.Help);
        Assert.Equal("k8s_job_status_failed{name=\"backup\",namespace=\"ops\"} 0", failed.Text);
    }

    [Fact]
    public void When_no_zero_fill_path_is_present_nothing_is_filled()
    {
        var sink = Flatten.Json(ShippedResources.Job, KubeObjects.RunningJob);

        Assert.Empty(sink.Of("k8s_job_status_failed"));
        Assert.Empty(sink.Of("k8s_job_status_succeeded"));
        Assert.Equal(1, sink.Single("k8s_job_status_active").Value);
    }

    [Fact]
    public void Present_zero_fill_paths_are_not_duplicated()
    {
        var sink = Flatten.Json(ShippedResources.Job,
            """{"metadata":{"name":"j","namespace":"ops"},"status":{"failed":2,"succeeded":0}}""");

        Assert.Equal(2, sink.Single("k8s_job_status_failed").Value);
        Assert.Equal(0, sink.Single("k8s_job_status_succeeded").Value);
    }

    [Fact]
    public void Zero_filled_samples_carry_the_extra_labels_and_share_metric_instances()
    {
        var rules = KubeApiExporter.Flattener.FlattenRules.Compile("k8s", ShippedResources.Job with { Labels = new() { ["owner"] = "metadata.labels.owner" } });
        var filled = Flatten.Json(rules, """{"metadata":{"name":"j","namespace":"ops","labels":{"owner":"ci"}},"status":{"failed":1}}""").Single("k8s_job_status_succeeded");
        var real = Flatten.Json(rules, """{"metadata":{"name":"k","namespace":"ops"},"status":{"succeeded":1}}""").Single("k8s_job_status_succeeded");

        Assert.Equal("name,namespace,owner", filled.LabelOrder);
        Assert.Equal("ci", filled.Label("owner"));
        Assert.Same(real.Metric, filled.Metric);
        Assert.Same(real.Help, filled.Help);
    }

    [Fact]
    public void Zero_fill_respects_exclude()
    {
        var sink = Flatten.Json(ShippedResources.Job with { Exclude = ["status.failed"] },
            """{"metadata":{"name":"j","namespace":"ops"},"status":{"succeeded":1}}""");

        Assert.Empty(sink.Of("k8s_job_status_failed"));
    }

    [Fact]
    public void Null_counts_as_absent()
    {
        var sink = Flatten.Json(ShippedResources.Job, """{"metadata":{"name":"j","namespace":"ops"},"status":{"succeeded":3,"failed":null}}""");

        Assert.Equal(0, sink.Single("k8s_job_status_failed").Value);
    }
}
