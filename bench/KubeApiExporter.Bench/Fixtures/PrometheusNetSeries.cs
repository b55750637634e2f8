using Prometheus;

namespace KubeApiExporter.Bench.Fixtures;

/// <summary>
/// The LIBRARIES.md 2(c) setup: 20 gauges × N {namespace, name} label sets in a custom prometheus-net
/// registry, label strings shared across the 20 names as an exporter would share one string per object.
/// </summary>
public static class PrometheusNetSeries
{
    public const int Gauges = 20;

    public static CollectorRegistry Build(int labelSets)
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        var namespaces = Enumerable.Range(0, 10).Select(i => $"team-{i}").ToArray();
        var names = Enumerable.Range(0, labelSets).Select(i => $"service-{i / 10}-7f9c6d5b8d-x{i:x5}").ToArray();
        for (var g = 0; g < Gauges; g++)
        {
            var gauge = factory.CreateGauge($"k8s_pod_field_{g}", $"field {g} of v1 pods", "namespace", "name");
            for (var i = 0; i < labelSets; i++)
                gauge.WithLabels(namespaces[i % 10], names[i]).Set(i + g);
        }
        return registry;
    }
}
