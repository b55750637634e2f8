using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class StateTests
{
    private static readonly ResourceConfig Pvc = new()
    {
        Name = "pvc", ApiVersion = "v1", Resource = "persistentvolumeclaims",
        States = new() { ["status.phase"] = new StateConfig { Label = "phase", Values = ["Pending", "Bound", "Lost"] } },
    };

    private static ResourceConfig PodWith(Dictionary<string, StateConfig> states) =>
        ShippedResources.Pod with { States = states, LabelsMetric = false, Info = [] };

    private static StateConfig Label(string label) => new() { Label = label };

    [Fact]
    public void A_state_exports_the_current_value_as_a_label_on_a_series_valued_1()
    {
        var sink = Flatten.Json(PodWith(new() { ["status.phase"] = Label("phase") }), StringObjects.CrashLoopingPod);

        var phase = sink.Single("k8s_pod_status_phase");
        Assert.Equal("k8s_pod_status_phase{name=\"web-5d9c7b-qx2lp\",namespace=\"shop\",node=\"node-a-1\",phase=\"Running\"} 1", phase.Text);
        Assert.Equal("name,namespace,phase,node", phase.LabelOrder);
        Assert.Equal("status.phase (state, value as label phase) of v1 pods", phase.Help);
    }

    [Fact]
    public void A_crash_looping_container_shows_its_waiting_and_last_terminated_reasons_labelled_by_container()
    {
        var sink = Flatten.Json(PodWith(new()
        {
            ["status.containerStatuses.state.waiting.reason"] = Label("reason"),
            ["status.containerStatuses.state.terminated.reason"] = Label("reason"),
            ["status.containerStatuses.lastState.terminated.reason"] = Label("reason"),
        }), StringObjects.CrashLoopingPod);

        // Only the waiting container has a waiting reason; the running sidecar has no series at all.
        Assert.Equal(
            ["k8s_pod_status_containerStatuses_state_waiting_reason{containerStatuses=\"web\",name=\"web-5d9c7b-qx2lp\",namespace=\"shop\",node=\"node-a-1\",reason=\"CrashLoopBackOff\"} 1"],
            sink.Of("k8s_pod_status_containerStatuses_state_waiting_reason").Select(s => s.Text));
        Assert.Equal("name,namespace,containerStatuses,reason,node", sink.Single("k8s_pod_status_containerStatuses_state_waiting_reason").LabelOrder);
        Assert.Equal(
            ["k8s_pod_status_containerStatuses_lastState_terminated_reason{containerStatuses=\"web\",name=\"web-5d9c7b-qx2lp\",namespace=\"shop\",node=\"node-a-1\",reason=\"Error\"} 1"],
            sink.Of("k8s_pod_status_containerStatuses_lastState_terminated_reason").Select(s => s.Text));
        Assert.Empty(sink.Of("k8s_pod_status_containerStatuses_state_terminated_reason"));
        // The numbers next to them are unchanged: a list key drops out of a number's name, not a state's.
        Assert.Equal(7, sink.Single("k8s_pod_status_restartCount", "containerStatuses", "web").Value);
        Assert.Equal(1, sink.Single("k8s_pod_status_lastState_terminated_exitCode", "containerStatuses", "web").Value);
    }

    [Fact]
    public void A_state_set_exports_every_listed_value_1_for_the_current_0_for_the_others()
    {
        var sink = Flatten.Json(Pvc, StringObjects.PendingPvc);

        Assert.Equal(
        [
            "k8s_pvc_status_phase{name=\"data-db-0\",namespace=\"shop\",phase=\"Pending\"} 1",
            "k8s_pvc_status_phase{name=\"data-db-0\",namespace=\"shop\",phase=\"Bound\"} 0",
            "k8s_pvc_status_phase{name=\"data-db-0\",namespace=\"shop\",phase=\"Lost\"} 0",
        ], sink.Of("k8s_pvc_status_phase").Select(s => s.Text));
        Assert.Equal("status.phase (state set, value as label phase) of v1 persistentvolumeclaims", sink.Single("k8s_pvc_status_phase", "phase", "Bound").Help);
        // The quantity beside it converts as before.
        Assert.Equal(10737418240, sink.Single("k8s_pvc_spec_resources_requests_storage").Value);
    }

    [Fact]
    public void A_state_set_value_outside_the_list_is_exported_with_1_too()
    {
        var sink = Flatten.Json(Pvc, StringObjects.PendingPvc.Replace("\"Pending\"", "\"Resizing\""));

        Assert.Equal(["Pending=0", "Bound=0", "Lost=0", "Resizing=1"],
            sink.Of("k8s_pvc_status_phase").Select(s => $"{s.Label("phase")}={s.Value}"));
    }

    [Fact]
    public void An_absent_state_field_gives_no_series_not_even_for_a_state_set()
    {
        var sink = Flatten.Json(Pvc, """{"metadata":{"name":"fresh","namespace":"shop"},"spec":{}}""");

        Assert.Empty(sink.Of("k8s_pvc_status_phase"));
    }

    [Fact]
    public void Argo_CD_application_health_and_sync_status_become_states_also_inside_its_resources_list()
    {
        var application = new ResourceConfig
        {
            Name = "application", ApiVersion = "argoproj.io/v1alpha1", Resource = "applications",
            ListKeys = new() { ["resources"] = "name" },
            States = new()
            {
                ["status.health.status"] = new StateConfig { Label = "health", Values = ["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"] },
                ["status.sync.status"] = Label("sync"),
                ["status.resources.health.status"] = Label("health"),
            },
        };

        var sink = Flatten.Json(application, StringObjects.ArgoApplication);

        Assert.Equal(1, sink.Single("k8s_application_status_health_status", "health", "Degraded").Value);
        Assert.Equal(0, sink.Single("k8s_application_status_health_status", "health", "Healthy").Value);
        Assert.Equal(6, sink.Of("k8s_application_status_health_status").Count());
        Assert.Equal("k8s_application_status_sync_status{name=\"guestbook\",namespace=\"argocd\",sync=\"Synced\"} 1", sink.Single("k8s_application_status_sync_status").Text);
        // The Service and the Deployment share the name guestbook-ui: each keeps its own state.
        Assert.Equal(["guestbook-ui=Healthy", "guestbook-ui=Degraded"],
            sink.Of("k8s_application_status_resources_health_status").Select(s => $"{s.Label("resources")}={s.Label("health")}"));
        // Durations in its spec convert on their own, no state needed.
        Assert.Equal(5, sink.Single("k8s_application_spec_syncPolicy_retry_backoff_duration_seconds").Value);
        Assert.Equal(180, sink.Single("k8s_application_spec_syncPolicy_retry_backoff_maxDuration_seconds").Value);
    }

    [Fact]
    public void A_list_without_list_key_labels_its_items_by_index()
    {
        var application = new ResourceConfig
        {
            Name = "application", ApiVersion = "argoproj.io/v1alpha1", Resource = "applications",
            States = new() { ["status.resources.health.status"] = Label("health") },
        };

        var sink = Flatten.Json(application, StringObjects.ArgoApplication);

        Assert.Equal(["0=Healthy", "1=Degraded"],
            sink.Of("k8s_application_status_resources_health_status").Select(s => $"{s.Label("resources")}={s.Label("health")}"));
    }

    [Fact]
    public void A_state_may_be_a_list_of_strings_each_item_labelled_by_index()
    {
        var pvc = Pvc with { States = new() { ["spec.accessModes"] = Label("mode") } };

        var sink = Flatten.Json(pvc, StringObjects.PendingPvc);

        Assert.Equal("k8s_pvc_spec_accessModes{accessModes=\"0\",mode=\"ReadWriteOnce\",name=\"data-db-0\",namespace=\"shop\"} 1",
            sink.Single("k8s_pvc_spec_accessModes").Text);
    }

    [Fact]
    public void Booleans_can_be_states_numbers_and_structures_cannot()
    {
        var pod = PodWith(new()
        {
            ["status.containerStatuses.ready"] = Label("ready"),
            ["status.containerStatuses.restartCount"] = Label("count"),
            ["status.containerStatuses.state"] = Label("state"),
        });

        var sink = Flatten.Json(pod, StringObjects.CrashLoopingPod);

        Assert.Equal(["sidecar=true", "web=false"],
            sink.Of("k8s_pod_status_containerStatuses_ready").Select(s => $"{s.Label("containerStatuses")}={s.Label("ready")}"));
        Assert.Empty(sink.Of("k8s_pod_status_containerStatuses_restartCount"));
        Assert.Empty(sink.Of("k8s_pod_status_containerStatuses_state"));
    }

    [Fact]
    public void States_are_exported_whatever_include_and_exclude_say()
    {
        var pod = PodWith(new() { ["status.phase"] = Label("phase") }) with { Include = ["spec.**"], Exclude = ["status.**"] };

        var sink = Flatten.Json(pod, StringObjects.CrashLoopingPod);

        Assert.Equal("Running", sink.Single("k8s_pod_status_phase").Label("phase"));
        Assert.DoesNotContain(sink.Samples, s => s.Metric == "k8s_pod_status_restartCount");
    }

    [Fact]
    public void A_state_label_that_clashes_with_an_extra_label_moves_the_extra_aside()
    {
        var pod = PodWith(new() { ["status.phase"] = Label("node") });

        var sink = Flatten.Json(pod, StringObjects.CrashLoopingPod);

        var phase = sink.Single("k8s_pod_status_phase");
        Assert.Equal("Running", phase.Label("node"));
        Assert.Equal("node-a-1", phase.Label("label_node"));
    }

    [Fact]
    public void The_shipped_pod_rules_catch_the_crash_loop_and_the_phase()
    {
        var sink = Flatten.Json(ShippedResources.Pod, StringObjects.CrashLoopingPod);

        Assert.Equal("CrashLoopBackOff", sink.Single("k8s_pod_status_containerStatuses_state_waiting_reason").Label("reason"));
        Assert.Equal("Error", sink.Single("k8s_pod_status_containerStatuses_lastState_terminated_reason").Label("reason"));
        Assert.Equal(["Pending=0", "Running=1", "Succeeded=0", "Failed=0", "Unknown=0"],
            sink.Of("k8s_pod_status_phase").Select(s => $"{s.Label("phase")}={s.Value}"));
    }
}
