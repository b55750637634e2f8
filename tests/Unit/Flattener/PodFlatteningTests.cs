using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class PodFlatteningTests
{
    private static readonly CollectingSink Pod = Flatten.Json(ShippedResources.Pod, KubeObjects.Pod);

    private static double Unix(string timestamp) => DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / 1000.0;

    [Fact]
    public void Realistic_pod_gives_between_30_and_80_samples()
    {
        Assert.InRange(Pod.Samples.Count, 30, 80);
    }

    [Fact]
    public void Pod_samples_label_name_namespace_list_labels_then_node_extra()
    {
        var port = Pod.Single("k8s_pod_spec_containerPort", "ports", "1");

        Assert.Equal("name,namespace,containers,ports,node", port.LabelOrder);
        Assert.Equal("shop", port.Label("namespace"));
        Assert.Equal("web-7d4b9c8f6-x2x9k", port.Label("name"));
        Assert.Equal("web", port.Label("containers"));
        Assert.Equal("node-a-1", port.Label("node"));
        Assert.Equal(9102, port.Value);
    }

    [Fact]
    public void Containers_are_labelled_by_name_through_list_keys()
    {
        var ports = Pod.Of("k8s_pod_spec_containerPort").Select(s => (s.Label("containers"), s.Label("ports"), s.Value)).ToList();

        Assert.Equal([("web", "0", 8080d), ("web", "1", 9102d), ("sidecar", "0", 15001d)], ports);
    }

    [Fact]
    public void Resource_quantities_convert_per_container()
    {
        Assert.Equal(0.25, Pod.Single("k8s_pod_spec_resources_requests_cpu", "containers", "web").Value);
        Assert.Equal(0.05, Pod.Single("k8s_pod_spec_resources_requests_cpu", "containers", "sidecar").Value);
        Assert.Equal(1, Pod.Single("k8s_pod_spec_resources_limits_cpu", "containers", "web").Value);
        Assert.Equal(512d * 1024 * 1024, Pod.Single("k8s_pod_spec_resources_limits_memory", "containers", "web").Value);
        Assert.Equal(1024d * 1024 * 1024, Pod.Single("k8s_pod_spec_resources_requests_ephemeral_storage", "containers", "web").Value);
    }

    [Fact]
    public void Probe_numbers_are_exported_but_named_ports_are_not()
    {
        Assert.Equal(10, Pod.Single("k8s_pod_spec_livenessProbe_initialDelaySeconds", "containers", "web").Value);
        Assert.Equal(8080, Pod.Single("k8s_pod_spec_livenessProbe_httpGet_port", "containers", "web").Value);
        Assert.Equal(15001, Pod.Single("k8s_pod_spec_readinessProbe_tcpSocket_port", "containers", "sidecar").Value);
        Assert.Empty(Pod.Of("k8s_pod_spec_readinessProbe_httpGet_port")); // "http" is a port name, not a number
    }

    [Fact]
    public void Booleans_become_1_and_0()
    {
        Assert.Equal(1, Pod.Single("k8s_pod_spec_securityContext_readOnlyRootFilesystem", "containers", "web").Value);
        Assert.Equal(0, Pod.Single("k8s_pod_spec_securityContext_allowPrivilegeEscalation", "containers", "web").Value);
        Assert.Equal(1, Pod.Single("k8s_pod_spec_enableServiceLinks").Value);
    }

    [Fact]
    public void Container_statuses_are_keyed_by_name()
    {
        Assert.Equal(3, Pod.Single("k8s_pod_status_restartCount", "containerStatuses", "web").Value);
        Assert.Equal(0, Pod.Single("k8s_pod_status_restartCount", "containerStatuses", "sidecar").Value);
        Assert.Equal(0, Pod.Single("k8s_pod_status_ready", "containerStatuses", "web").Value);
        Assert.Equal(137, Pod.Single("k8s_pod_status_lastState_terminated_exitCode", "containerStatuses", "web").Value);
    }

    [Fact]
    public void Timestamps_become_unix_seconds_including_fractions()
    {
        Assert.Equal(Unix("2026-11-20T09:30:00Z"), Pod.Single("k8s_pod_metadata_creationTimestamp").Value);
        Assert.Equal(Unix("2026-11-20T09:30:01Z"), Pod.Single("k8s_pod_status_startTime").Value);
        Assert.Equal(Unix("2026-11-20T09:30:11.250Z"), Pod.Single("k8s_pod_status_state_running_startedAt", "containerStatuses", "web").Value, 3);
    }

    [Fact]
    public void Pod_conditions_are_keyed_by_type_with_status_and_transition_time()
    {
        Assert.Equal(1, Pod.Single("k8s_pod_status_status", "conditions", "PodScheduled").Value);
        Assert.Equal(0, Pod.Single("k8s_pod_status_status", "conditions", "Ready").Value);
        Assert.Equal(-1, Pod.Single("k8s_pod_status_status", "conditions", "ContainersReady").Value);
        Assert.Equal(Unix("2026-11-20T09:30:12Z"), Pod.Single("k8s_pod_status_lastTransitionTime", "conditions", "Ready").Value);
        Assert.Empty(Pod.Of("k8s_pod_status_lastProbeTime")); // null is skipped
    }

    [Fact]
    public void Annotation_timestamps_convert_but_other_annotations_are_skipped()
    {
        Assert.Equal(Unix("2026-11-20T09:29:58Z"), Pod.Single("k8s_pod_metadata_annotations_kubectl_kubernetes_io_restartedAt").Value);
        Assert.DoesNotContain(Pod.Samples, s => s.Metric.StartsWith("k8s_pod_metadata_annotations_prometheus", StringComparison.Ordinal));
    }

    [Fact]
    public void Pod_managed_fields_are_skipped()
    {
        Assert.DoesNotContain(Pod.Samples, s => s.Help.Contains("managedFields"));
    }

    [Fact]
    public void Unkeyed_lists_label_items_by_index()
    {
        Assert.Equal(300, Pod.Single("k8s_pod_spec_tolerationSeconds", "tolerations", "1").Value);
        Assert.Equal(420, Pod.Single("k8s_pod_spec_configMap_defaultMode", "volumes", "0").Value);
    }

    [Fact]
    public void Nested_lists_give_a_label_per_list_in_path_order()
    {
        var expiry = Pod.Single("k8s_pod_spec_projected_serviceAccountToken_expirationSeconds");

        Assert.Equal("name,namespace,volumes,sources,node", expiry.LabelOrder);
        Assert.Equal("1", expiry.Label("volumes"));
        Assert.Equal("0", expiry.Label("sources"));
        Assert.Equal(3607, expiry.Value);
    }

    [Fact]
    public void Owner_reference_booleans_are_labelled_by_index()
    {
        Assert.Equal(1, Pod.Single("k8s_pod_metadata_controller", "ownerReferences", "0").Value);
    }
}
